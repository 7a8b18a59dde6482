import RhythmLibrary

/// A built-in set of rhythms for a course.
public enum Course: String, Sendable, CaseIterable {
    /// The rhythms of the AHA ACLS provider course: the brady- and
    /// tachycardia algorithms (sinus brady/tachy, the AV blocks, AF, flutter,
    /// SVT, junctional, monomorphic and polymorphic VT), the cardiac-arrest
    /// algorithm (VF, asystole; PEA is a clinical diagnosis, not a strip) and
    /// the transcutaneously paced rhythm.
    case acls

    /// The rhythm ids of the course, in teaching order.
    public var rhythmIDs: [String] {
        switch self {
        case .acls:
            [
                "nsr", "sinus-brady", "sinus-tach",
                "av-block-1", "mobitz1", "mobitz2", "chb",
                "afib", "afib-rvr", "aflutter-2to1", "aflutter-4to1", "svt", "junctional",
                "vt-mono", "torsades", "vf-coarse", "vf-fine", "asystole",
                "idioventricular", "paced-ventricular",
            ]
        }
    }

    public var title: String {
        switch self {
        case .acls: "AHA ACLS provider course rhythms"
        }
    }
}
