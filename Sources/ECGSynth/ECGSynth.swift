// The ECGSynth module; its types arrive with its issue.
