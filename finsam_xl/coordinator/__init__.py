"""What goes back to coordinators: the letter for each file with findings (`letters`), the
marked copy of their own file (`marked`), the names of both (`names`), and the e-mail drafts
(`drafts`, `remind`)."""
