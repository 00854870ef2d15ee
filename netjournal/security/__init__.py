"""Key management: passphrases, raw keys, recovery keys and the OS keyring. Qt-free."""
