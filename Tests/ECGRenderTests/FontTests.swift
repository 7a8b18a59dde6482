@testable import ECGRender
import Foundation
import Testing

/// The built-in bitmap font: every printable ASCII character, each distinct.
@Suite struct FontTests {
    static let printable = (32...126).map { Unicode.Scalar(UInt8($0)) }

    @Test func everyPrintableCharacterHasItsOwnGlyph() {
        var seen: [ArraySlice<UInt8>: Unicode.Scalar] = [:]
        for scalar in Self.printable {
            let glyph = BitmapFont.glyph(scalar)
            #expect(glyph.count == BitmapFont.glyphHeight)
            if scalar == " " {
                #expect(glyph.allSatisfy { $0 == 0 })
                continue
            }
            #expect(glyph.contains { $0 != 0 }, "'\(scalar)' is blank")
            #expect(glyph.allSatisfy { $0 < 1 << BitmapFont.glyphWidth })
            if let other = seen[glyph] { Issue.record("'\(scalar)' draws the same as '\(other)'") }
            seen[glyph] = scalar
        }
    }

    @Test func charactersOutsideASCIIDrawAsQuestionMarks() {
        #expect(BitmapFont.glyph("µ") == BitmapFont.glyph("?"))
        #expect(BitmapFont.glyph("\n") == BitmapFont.glyph("?"))
    }

    @Test("Text scales with the resolution to about 1.8 mm capitals", arguments: [200.0, 300, 600])
    func textScalesWithResolution(dpi: Double) {
        let painter = TextPainter(capHeight: 1.8, pixelsPerMillimetre: dpi / 25.4)
        let capHeight = Double(painter.capHeightPixels) / (dpi / 25.4)
        #expect(capHeight > 1.4 && capHeight < 2.2)
    }

    @Test func aTitleWithEveryCharacterIsDrawnInTheHeader() throws {
        var page = StripPage.rhythmStrip(seconds: 12)
        page.title = String(String.UnicodeScalarView(Self.printable))
        let signal = SyntheticSignal.signal(SyntheticSignal.pqrst(seconds: 12), frequency: 360)
        let image = try StripRenderer(style: StripStyle(theme: TraceProbe.theme)).render(page, signals: [signal])
        // Header band is 8 mm: marks-coloured pixels must be there, and only text-sized runs.
        let headerRows = Int(8 * 200 / 25.4)
        var inked = 0
        for y in 0..<headerRows {
            for x in 0..<image.width where image.color(x: x, y: y) == TraceProbe.theme.marks { inked += 1 }
        }
        #expect(inked > 94 * 4 * 4)
    }
}
