"""Dialogs: new contact, log/edit a conversation, pick a contact, merge, preferences."""
