"""What recordings say, heard offline by a speech model the user chose to add (issue 19)."""
