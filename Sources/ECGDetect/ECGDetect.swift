// The ECGDetect module; its types arrive with its issue.
