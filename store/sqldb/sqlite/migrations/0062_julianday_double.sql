-- PostgreSQL's 0062 redefines its julianday() (SQLite's is built in):
-- nothing to change here; the number is kept so both dialects count the
-- same migrations.
SELECT 1;
