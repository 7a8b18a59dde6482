// The ECGClassify module; its types arrive with its issue.
