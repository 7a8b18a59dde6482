/// The teaching group a rhythm belongs to, as ACLS courses sort rhythms.
public enum RhythmGroup: String, Sendable, Hashable, Codable, CaseIterable {
    case normal
    case bradycardia
    case narrowComplexTachycardia = "narrow-complex-tachycardia"
    case wideComplexTachycardia = "wide-complex-tachycardia"
    case supraventricular
    case ventricular
    case avBlock = "av-block"
    case bundleBranchBlock = "bundle-branch-block"
    case ectopy
    case cardiacArrestShockable = "cardiac-arrest-shockable"
    case cardiacArrestNonShockable = "cardiac-arrest-non-shockable"
    case paced

    /// A display name for tables.
    public var title: String {
        switch self {
        case .normal: "Normal"
        case .bradycardia: "Bradycardia"
        case .narrowComplexTachycardia: "Narrow-complex tachycardia"
        case .wideComplexTachycardia: "Wide-complex tachycardia"
        case .supraventricular: "Supraventricular"
        case .ventricular: "Ventricular"
        case .avBlock: "AV block"
        case .bundleBranchBlock: "Bundle branch block"
        case .ectopy: "Ectopy"
        case .cardiacArrestShockable: "Cardiac arrest, shockable"
        case .cardiacArrestNonShockable: "Cardiac arrest, non-shockable"
        case .paced: "Paced"
        }
    }
}
