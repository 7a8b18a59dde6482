/// An MIT annotation code, as defined in the WFDB library's `ecgcodes.h`.
///
/// Codes are stored as their numeric value (0...49); each known code has a
/// one- or two-character mnemonic (`N`, `V`, `+`, ...) as printed by `rdann`.
public struct AnnotationCode: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The largest valid annotation code (`ACMAX`).
    public static let maximum: UInt8 = 49

    public static let notQRS = Self(rawValue: 0)
    public static let normal = Self(rawValue: 1)                 // N
    public static let leftBundleBranchBlock = Self(rawValue: 2)  // L
    public static let rightBundleBranchBlock = Self(rawValue: 3) // R
    public static let aberrated = Self(rawValue: 4)              // a
    public static let pvc = Self(rawValue: 5)                    // V
    public static let fusion = Self(rawValue: 6)                 // F
    public static let nodalPremature = Self(rawValue: 7)         // J
    public static let atrialPremature = Self(rawValue: 8)        // A
    public static let supraventricularPremature = Self(rawValue: 9) // S
    public static let ventricularEscape = Self(rawValue: 10)     // E
    public static let nodalEscape = Self(rawValue: 11)           // j
    public static let paced = Self(rawValue: 12)                 // /
    public static let unknownBeat = Self(rawValue: 13)           // Q
    public static let noise = Self(rawValue: 14)                 // ~
    public static let artifact = Self(rawValue: 16)              // |
    public static let stChange = Self(rawValue: 18)              // s
    public static let tChange = Self(rawValue: 19)               // T
    public static let systole = Self(rawValue: 20)               // *
    public static let diastole = Self(rawValue: 21)              // D
    public static let note = Self(rawValue: 22)                  // "
    public static let measurement = Self(rawValue: 23)           // =
    public static let pWave = Self(rawValue: 24)                 // p
    public static let bundleBranchBlock = Self(rawValue: 25)     // B
    public static let pacemakerSpike = Self(rawValue: 26)        // ^
    public static let tWave = Self(rawValue: 27)                 // t
    public static let rhythmChange = Self(rawValue: 28)          // +
    public static let uWave = Self(rawValue: 29)                 // u
    public static let learning = Self(rawValue: 30)              // ?
    public static let flutterWave = Self(rawValue: 31)           // !
    public static let flutterStart = Self(rawValue: 32)          // [
    public static let flutterEnd = Self(rawValue: 33)            // ]
    public static let atrialEscape = Self(rawValue: 34)          // e
    public static let supraventricularEscape = Self(rawValue: 35) // n
    public static let link = Self(rawValue: 36)                  // @
    public static let nonConductedP = Self(rawValue: 37)         // x
    public static let pacedFusion = Self(rawValue: 38)           // f
    public static let waveformOnset = Self(rawValue: 39)         // (
    public static let waveformEnd = Self(rawValue: 40)           // )
    public static let rOnT = Self(rawValue: 41)                  // r

    /// Mnemonics indexed by code, as in the WFDB library's `cstrtab`.
    private static let mnemonics: [String] = [
        " ", "N", "L", "R", "a", "V", "F", "J", "A", "S",
        "E", "j", "/", "Q", "~", "[15]", "|", "[17]", "s", "T",
        "*", "D", "\"", "=", "p", "B", "^", "t", "+", "u",
        "?", "!", "[", "]", "e", "n", "@", "x", "f", "(",
        ")", "r", "[42]", "[43]", "[44]", "[45]", "[46]", "[47]", "[48]", "[49]",
    ]

    /// The mnemonic `rdann` prints for this code.
    public var mnemonic: String {
        Int(rawValue) < Self.mnemonics.count ? Self.mnemonics[Int(rawValue)] : "[\(rawValue)]"
    }

    public var description: String { mnemonic }

    /// The code with the given mnemonic, if any.
    public init?(mnemonic: String) {
        guard let index = Self.mnemonics.firstIndex(of: mnemonic), !mnemonic.hasPrefix("[") || mnemonic.count == 1 else {
            return nil
        }
        self.init(rawValue: UInt8(index))
    }

    /// Whether the code marks a QRS complex (a beat), as the WFDB macro `isqrs`
    /// decides (table `wfdb_qrs` of `lib/ecgmap.h`): N L R a V F J A S E j / Q
    /// B ? ! e n f r. `!` (ventricular flutter wave) counts as a QRS there and
    /// `bxb` maps it to V.
    public var isBeat: Bool {
        switch rawValue {
        case 1...13, 25, 30, 31, 34, 35, 38, 41: return true
        default: return false
        }
    }
}
