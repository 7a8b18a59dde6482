/// An 8-bit sRGB colour.
public struct RGBColor: Sendable, Hashable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// The colour a fraction `amount` (0...1) of the way from `self` to `other`.
    func mixed(with other: RGBColor, amount: Double) -> RGBColor {
        func channel(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) + (Double(b) - Double(a)) * amount).rounded())
        }
        return RGBColor(channel(red, other.red), channel(green, other.green), channel(blue, other.blue))
    }

    /// Whether the colour is a shade of grey.
    var isGray: Bool { red == green && green == blue }
}
