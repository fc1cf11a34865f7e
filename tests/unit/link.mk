# Check tests of the link (lib/link*).
