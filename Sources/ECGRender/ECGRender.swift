// The ECGRender module; its types arrive with its issue.
