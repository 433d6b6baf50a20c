"""The follow-up workbook, one module per sheet (XlsxWriter style): `book` writes the file,
`common` holds formats and helpers, the other modules each write one sheet."""
