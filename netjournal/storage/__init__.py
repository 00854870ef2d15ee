"""Storage: peewee models over a SQLCipher database, migrations and the FTS5 index. Qt-free.

What is on disk: one SQLCipher 4 file (every page AES-256 encrypted and HMAC-authenticated,
its WAL too; temporary tables and sorts stay in memory), so the search index, the WAL and the
automatic backups hold no plaintext either. Writes go through one transaction each, in WAL
mode with ``synchronous=NORMAL``: a killed process never leaves a half-written record (tested
by killing writers with SIGKILL, ``tests/reliability``); a power cut may lose the last few
commits but not the file's consistency.

SQLCipher's ``cipher_memory_security`` stays OFF, on purpose. Turned on, SQLCipher locks its
memory and wipes every allocation it frees, not only key material (which it always wipes).
That would not keep the journal's text out of memory: every value read reaches Python as an
immutable ``str`` (which cannot be wiped), peewee rows and Qt widgets and the screen hold it
too, so someone able to read our process memory reads it there anyway. Its cost is real: on
a 2-core machine a search/list/integrity mix over 2,000 contacts and 20,000 conversations
took 787-1053 ms with it on against 520-737 ms off (~+45%), and once on it stays on for the
process. The protections that do help are at rest (the encrypted file) and the operating
system's: encrypted swap/hibernation and full-disk encryption, which the README recommends.
"""
