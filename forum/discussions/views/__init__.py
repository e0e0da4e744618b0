"""HTML views of the forum: reading, members' writes, moderation. Thin: parse, call, render."""
