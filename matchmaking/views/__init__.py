"""HTML views of matchmaking: directory and profiles, shortlist, my matches, introductions."""
