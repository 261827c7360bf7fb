"""What a person reads: the review --json document built and read back (document), the terminal
report (terminal), Markdown and WebVTT (exports), the HTML session and history pages (html_session,
html_history, htmlkit; written by pages) and the history listing (history)."""
