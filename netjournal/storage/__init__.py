"""Storage: peewee models over a SQLCipher database, migrations and the FTS5 index. Qt-free."""
