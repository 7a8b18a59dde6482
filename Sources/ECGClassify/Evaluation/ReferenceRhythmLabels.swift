import Foundation

/// How the rhythm labels of the PhysioNet reference annotations (aux text of
/// `+` annotations) correspond to rhythm-library ids.
///
/// A reference label often covers several library ids (the library splits
/// atrial flutter by conduction ratio, the database does not), so each label
/// maps to the set of ids that count as agreeing with it. Labels with no
/// library rhythm (pre-excitation, noise) map to an empty set.
public enum ReferenceRhythmLabels {
    /// One row of the table.
    public struct Entry: Sendable, Hashable, Codable {
        public var label: String
        public var meaning: String
        public var ids: [String]
    }

    /// MIT-BIH Arrhythmia Database rhythm labels (PhysioNet, "rhythm annotations").
    public static let mitdb: [Entry] = [
        .init(label: "(N", meaning: "Normal sinus rhythm", ids: ["nsr", "sinus-arrhythmia", "sinus-pvc", "sinus-pac", "pvc-couplets", "sinus-bbb", "av-block-1", "sinus-tach", "sinus-brady", "sinus-pause"]),
        .init(label: "(AFIB", meaning: "Atrial fibrillation", ids: ["afib", "afib-rvr"]),
        .init(label: "(AFL", meaning: "Atrial flutter", ids: ["aflutter-2to1", "aflutter-4to1", "aflutter-variable"]),
        .init(label: "(SBR", meaning: "Sinus bradycardia", ids: ["sinus-brady"]),
        .init(label: "(B", meaning: "Ventricular bigeminy", ids: ["vent-bigeminy"]),
        .init(label: "(T", meaning: "Ventricular trigeminy", ids: ["vent-trigeminy"]),
        .init(label: "(VT", meaning: "Ventricular tachycardia", ids: ["vt-mono", "torsades"]),
        .init(label: "(SVTA", meaning: "Supraventricular tachyarrhythmia", ids: ["svt", "sinus-tach", "junctional-tach", "mat", "aflutter-2to1"]),
        .init(label: "(NOD", meaning: "Nodal (A-V junctional) rhythm", ids: ["junctional", "junctional-accel", "junctional-tach"]),
        .init(label: "(BII", meaning: "2° heart block", ids: ["mobitz1", "mobitz2", "av-block-2to1"]),
        .init(label: "(IVR", meaning: "Idioventricular rhythm", ids: ["idioventricular", "aivr"]),
        .init(label: "(P", meaning: "Paced rhythm", ids: ["paced-ventricular", "paced-av", "paced-atrial"]),
        .init(label: "(AB", meaning: "Atrial bigeminy", ids: ["sinus-pac"]),
        .init(label: "(VFL", meaning: "Ventricular flutter", ids: ["vf-coarse", "vf-fine", "torsades", "vt-mono"]),
        .init(label: "(PREX", meaning: "Pre-excitation (WPW)", ids: []),
    ]

    /// Additional labels of the Malignant Ventricular Ectopy Database.
    public static let vfdb: [Entry] = [
        .init(label: "(VF", meaning: "Ventricular fibrillation", ids: ["vf-coarse", "vf-fine"]),
        .init(label: "(VFIB", meaning: "Ventricular fibrillation (the spelling of records 422 and 424)", ids: ["vf-coarse", "vf-fine"]),
        .init(label: "(NSR", meaning: "Normal sinus rhythm (the spelling of record 424)", ids: ["nsr", "sinus-brady", "sinus-tach", "sinus-arrhythmia"]),
        .init(label: "(ASYS", meaning: "Asystole", ids: ["asystole"]),
        .init(label: "(NOISE", meaning: "Noise", ids: []),
        .init(label: "(BI", meaning: "1° heart block", ids: ["av-block-1"]),
        .init(label: "(HGEA", meaning: "High-grade ventricular ectopic activity", ids: ["sinus-pvc", "pvc-couplets", "vent-bigeminy", "vent-trigeminy"]),
        .init(label: "(VER", meaning: "Ventricular escape rhythm", ids: ["idioventricular", "aivr"]),
        .init(label: "(PM", meaning: "Pacemaker rhythm", ids: ["paced-ventricular", "paced-av", "paced-atrial"]),
    ]

    /// The entry for a label (`(AFIB`, with or without a trailing NUL or spaces).
    public static func entry(for label: String) -> Entry? {
        let clean = label.trimmingCharacters(in: .whitespacesAndNewlines.union(.init(charactersIn: "\0")))
        return (vfdb + mitdb).first { $0.label == clean }
    }
}
