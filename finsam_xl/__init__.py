"""finsam-xl: monthly follow-up of a Swedish samordningsförbund (Finsam)."""

__version__ = "0.1.0"
