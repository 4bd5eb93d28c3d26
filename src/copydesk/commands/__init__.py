"""One module per `copydesk` command; each offers `register(subparsers)` and `run(args)`."""
