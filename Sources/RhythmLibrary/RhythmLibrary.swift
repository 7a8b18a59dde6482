// The RhythmLibrary module; its types arrive with its issue.
