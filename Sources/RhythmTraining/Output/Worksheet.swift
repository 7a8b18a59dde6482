import Foundation
import RhythmLibrary

/// `worksheet.html`: the strips numbered with blanks to write on, then an
/// answer sheet on its own page. Images are sized in millimetres from their
/// DPI, so 25 mm/s prints as 25 mm on A4 and on Letter alike (print at 100 %).
struct Worksheet {
    var title: String
    var subtitle: String
    var strips: [MadeStrip]
    var names: [String]

    /// Printable width of A4 with 12 mm margins (Letter is wider: 191.9 mm).
    static let portraitWidth = 186.0

    func html() -> String {
        let widest = strips.map(\.widthMillimetres).max() ?? 0
        let orientation = widest > Self.portraitWidth ? "landscape" : "portrait"
        var body = ""
        for (strip, name) in zip(strips, names) {
            body += """
                <section class="strip">
                  <img src="\(name).png" alt="ECG rhythm strip \(strip.plan.number)" style="width: \(HTMLText.millimetres(strip.widthMillimetres)); height: \(HTMLText.millimetres(strip.heightMillimetres));">
                  <table class="blanks"><tr>
                    <td>Rate <span class="blank short"></span></td>
                    <td>Regular? <span class="blank short"></span></td>
                    <td>P waves <span class="blank short"></span></td>
                    <td>PR <span class="blank short"></span></td>
                    <td>QRS <span class="blank short"></span></td>
                  </tr></table>
                  <p class="rhythm">Rhythm <span class="blank long"></span></p>
                </section>

                """
        }
        var rows = ""
        for strip in strips {
            let rhythm = strip.plan.rhythm
            let f = strip.figures
            let cells = [
                f.rateText, f.regularity, f.pWaves, f.pr == nil && f.prPattern == nil ? "-" : f.prText,
                f.qrs == nil ? "-" : f.qrsText, rhythm.criteria.features.first ?? "",
            ].map { "<td>\(HTMLText.escape($0))</td>" }.joined()
            rows += """
                    <tr><td>\(strip.plan.number)</td><td><strong>\(HTMLText.escape(rhythm.name))</strong><br><span class="group">\(HTMLText.escape(rhythm.group.title))</span></td>\(cells)</tr>

                """
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLText.escape(title))</title>
            <style>
            @page { size: \(orientation); margin: 12mm; }
            html { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 10.5pt; color: #111; }
            body { margin: 0 auto; max-width: \(orientation == "landscape" ? "273mm" : "186mm"); }
            h1 { font-size: 15pt; margin: 0 0 1mm; }
            h2 { font-size: 11pt; margin: 0 0 1.5mm; }
            .meta { margin: 0 0 3mm; color: #333; }
            .student { margin: 0 0 5mm; }
            .strip { break-inside: avoid; page-break-inside: avoid; margin: 0 0 6mm; }
            .strip img { display: block; max-width: none; }
            .blanks { width: 100%; border-collapse: collapse; margin-top: 2mm; }
            .blanks td { padding: 0 2mm 0 0; white-space: nowrap; }
            .blank { display: inline-block; border-bottom: 0.3mm solid #000; height: 4mm; vertical-align: bottom; }
            .blank.short { width: 18mm; }
            .blank.long { width: 150mm; }
            .rhythm { margin: 3mm 0 0; }
            .answers { break-before: page; page-break-before: always; }
            .answers table { width: 100%; border-collapse: collapse; font-size: 8.5pt; }
            .answers th, .answers td { border: 0.2mm solid #777; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
            .answers td:nth-child(1), .answers td:nth-child(3) { white-space: nowrap; }
            .answers tr { break-inside: avoid; page-break-inside: avoid; }
            .group { color: #444; font-size: 8.5pt; }
            .screen-note { background: #fff7d6; border: 1px solid #e0c060; padding: 2mm 3mm; margin-bottom: 4mm; }
            @media print { .screen-note { display: none; } }
            @media screen { body { padding: 8mm; } .strip img { max-width: 100%; height: auto !important; } }
            </style>
            </head>
            <body>
            <p class="screen-note">Print at 100&nbsp;% scale (turn off &ldquo;fit to page&rdquo;) so the strips come out at true scale: 25&nbsp;mm/s and 10&nbsp;mm/mV, 1&nbsp;mm small squares. A4 or Letter.</p>
            <h1>\(HTMLText.escape(title))</h1>
            <p class="meta">\(HTMLText.escape(subtitle))</p>
            <p class="student">Name <span class="blank long" style="width: 80mm"></span> Date <span class="blank short" style="width: 35mm"></span></p>
            \(body)<section class="answers">
              <h1>Answer sheet</h1>
              <p class="meta">\(HTMLText.escape(subtitle)). Rate, regularity, P waves, PR and QRS as measured on each strip.</p>
              <table>
                <thead><tr><th>#</th><th>Rhythm</th><th>Rate</th><th>Regularity</th><th>P waves</th><th>PR</th><th>QRS</th><th>Key feature</th></tr></thead>
                <tbody>
            \(rows)    </tbody>
              </table>
            </section>
            </body>
            </html>

            """
    }
}
