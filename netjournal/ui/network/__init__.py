"""The networking-intelligence views: where work comes from, intermediaries, introductions,
the pre-meeting brief and the insights dashboard (thin GUI over the read-only services)."""
