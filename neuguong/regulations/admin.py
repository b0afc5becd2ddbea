"""Nothing is registered: the library and the periods are edited on the app's pages,
which check `programme.manage` and write the audit log."""
