import Foundation
import Testing
@testable import ECGClassify

/// The faster paths of the strip measurements give bit for bit what the
/// direct computations they replace give: shared running sums, spectrum
/// plans shared between strips, shapes centred once, lags taken four at a
/// time, correlations over the usable stretches only. Each reference below
/// is the direct computation as it was written before.
struct SharedComputationTests {
    /// A reproducible test signal: a few sines and a drift plus seeded noise.
    static func signal(count: Int, seed: UInt64) -> [Float] {
        var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (0..<count).map { i in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let noise = Double(state >> 11) / Double(1 << 53) - 0.5
            let t = Double(i) / 360
            return Float(0.8 * sin(2 * .pi * 1.3 * t) + 0.3 * sin(2 * .pi * 5.1 * t + 0.4) + 0.05 * t + 0.1 * noise)
        }
    }

    // MARK: - References (the direct computations)

    static func referenceMovingAverage(_ x: [Float], width: Int) -> [Float] {
        let n = x.count
        guard n > 0, width > 1 else { return x }
        var prefix = [Double](repeating: 0, count: n + 1)
        for i in 0..<n { prefix[i + 1] = prefix[i] + Double(x[i]) }
        let half = width / 2
        var out = [Float](repeating: 0, count: n)
        for i in 0..<n {
            let lo = max(0, i - half), hi = min(n, i - half + width)
            out[i] = Float((prefix[hi] - prefix[lo]) / Double(hi - lo))
        }
        return out
    }

    static func referenceSpectrum(_ x: [Float], samplingFrequency fs: Double, frequencies: [Double], targetRate: Double = 50) -> [Double] {
        let step = max(1, Int(fs / targetRate))
        var decimated: [Double] = []
        var start = 0
        while start + step <= x.count {
            var sum = 0.0
            for k in start..<(start + step) { sum += Double(x[k]) }
            decimated.append(sum / Double(step))
            start += step
        }
        let rate = fs / Double(step)
        let n = decimated.count
        guard n > 8 else { return frequencies.map { _ in 0 } }
        let m = decimated.reduce(0, +) / Double(n)
        let windowed = decimated.enumerated().map { index, value in
            (value - m) * (0.5 - 0.5 * cos(2 * Double.pi * Double(index) / Double(n - 1)))
        }
        return frequencies.map { f in
            let w = 2 * Double.pi * f / rate
            var re = 0.0, im = 0.0
            var c = 1.0, s = 0.0
            let cw = cos(w), sw = sin(w)
            for value in windowed {
                re += value * c
                im -= value * s
                let nc = c * cw - s * sw
                s = s * cw + c * sw
                c = nc
            }
            return (re * re + im * im) / Double(n)
        }
    }

    static func referenceCorrelation(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Double {
        let n = min(a.count, b.count)
        guard n > 2 else { return 0 }
        var sa = 0.0, sb = 0.0
        var ia = a.startIndex, ib = b.startIndex
        for _ in 0..<n { sa += Double(a[ia]); sb += Double(b[ib]); ia += 1; ib += 1 }
        let ma = sa / Double(n), mb = sb / Double(n)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        ia = a.startIndex; ib = b.startIndex
        for _ in 0..<n {
            let da = Double(a[ia]) - ma, db = Double(b[ib]) - mb
            sab += da * db; saa += da * da; sbb += db * db
            ia += 1; ib += 1
        }
        guard saa > 0, sbb > 0 else { return 0 }
        return sab / (saa * sbb).squareRoot()
    }

    static func referenceCycleLength(_ signal: [Float], samplingFrequency fs: Double) -> Double? {
        let step = max(1, Int((fs / CycleLength.analysisRate).rounded()))
        let rate = fs / Double(step)
        var x = SignalMath.blockAverages(signal, step: step)
        let mean = x.reduce(0, +) / Double(max(1, x.count))
        for i in x.indices { x[i] -= mean }
        let energy = x.reduce(0) { $0 + $1 * $1 }
        let minLag = max(1, Int((CycleLength.shortest * rate).rounded())), maxLag = Int((CycleLength.longest * rate).rounded())
        guard energy > 0, x.count > maxLag + minLag else { return nil }
        var r = [Double](repeating: 0, count: maxLag + 2)
        for lag in (minLag - 1)...(maxLag + 1) {
            var s = 0.0
            for i in 0..<(x.count - lag) { s += x[i] * x[i + lag] }
            r[lag] = s / energy * Double(x.count) / Double(x.count - lag)
        }
        var peaks: [(lag: Int, value: Double)] = []
        for lag in minLag...maxLag where r[lag] > r[lag - 1] && r[lag] >= r[lag + 1] {
            peaks.append((lag, r[lag]))
        }
        guard let best = peaks.max(by: { $0.value < $1.value }), best.value >= 0.2 else { return nil }
        let first = peaks.first { $0.value >= CycleLength.subharmonicTolerance * best.value } ?? best
        return Double(first.lag) / rate
    }

    static func referenceIrregularity(beats: [Int], conducted: [Bool], fs: Double, intervals: Int, trimmed: Int) -> [Double] {
        let count = max(0, beats.count - 1)
        var values = [Double](repeating: .nan, count: count)
        for i in 0..<count {
            let lo = max(0, i - intervals / 2), hi = min(count, i + intervals / 2)
            var window: [Double] = []
            for j in lo..<hi where conducted[j] && conducted[j + 1] { window.append(Double(beats[j + 1] - beats[j]) / fs) }
            guard window.count >= intervals / 2 else { continue }
            let sorted = window.sorted()
            let low = sorted[trimmed - 1], high = sorted[sorted.count - trimmed]
            var droppedLow = 0, droppedHigh = 0
            var previous: Double?
            var sumSquares = 0.0, sum = 0.0, kept = 0, differences = 0
            for rr in window {
                if rr <= low && droppedLow < trimmed { droppedLow += 1; continue }
                if rr >= high && droppedHigh < trimmed { droppedHigh += 1; continue }
                if let previous { let d = rr - previous; sumSquares += d * d; differences += 1 }
                previous = rr
                sum += rr
                kept += 1
            }
            guard differences > 0, sum > 0 else { continue }
            values[i] = (sumSquares / Double(differences)).squareRoot() / (sum / Double(kept))
        }
        return values
    }

    // MARK: - Tests

    /// Irregular beats (with repeated intervals, so that ties are met) and a few ectopic beats.
    @Test(arguments: [(32, 2), (8, 1), (16, 3)])
    func irregularityWithoutSortingGivesTheSortedResult(intervals: Int, trimmed: Int) {
        for seed in 1...20 {
            var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15
            func next() -> Int { state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return Int(state >> 33) }
            var beats = [100]
            for _ in 0..<400 { beats.append(beats.last! + 200 + (next() % 5) * 40) }
            let conducted = beats.indices.map { _ in next() % 9 != 0 }
            let fast = RRIrregularity(beats: beats, conducted: conducted, samplingFrequency: 360, window: intervals, trimmed: trimmed).values
            let direct = Self.referenceIrregularity(beats: beats, conducted: conducted, fs: 360, intervals: intervals, trimmed: trimmed)
            #expect(fast.map(\.bitPattern) == direct.map(\.bitPattern), "seed \(seed)")
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 12, 43, 216, 999, 1000, 1001, 4000])
    func runningSumsGiveTheDirectMovingAverage(width: Int) {
        for count in [1, 2, 7, 1000, 3600] {
            let x = Self.signal(count: count, seed: UInt64(count + width))
            let direct = Self.referenceMovingAverage(x, width: width)
            #expect(SignalMath.movingAverage(x, width: width).map(\.bitPattern) == direct.map(\.bitPattern), "n \(count), width \(width)")
            // Several widths read from one set of running sums.
            let sums = RunningSums(x)
            #expect(sums.movingAverage(width: width).map(\.bitPattern) == direct.map(\.bitPattern))
            #expect(sums.movingAverage(width: width + 7).map(\.bitPattern) == Self.referenceMovingAverage(x, width: width + 7).map(\.bitPattern))
        }
    }

    @Test(arguments: [(360.0, 3600), (360.0, 2160), (250.0, 2000), (500.0, 5000), (360.0, 40)])
    func sharedSpectrumPlanGivesTheDirectSpectrum(fs: Double, count: Int) {
        let grids = [stride(from: 2.0, through: 12.0, by: 0.2).map { $0 }, stride(from: 1.0, through: 12.0, by: 0.25).map { $0 }, [3.0, 5.5]]
        for grid in grids {
            for seed in 1...3 {
                let x = Self.signal(count: count, seed: UInt64(seed))
                let direct = Self.referenceSpectrum(x, samplingFrequency: fs, frequencies: grid)
                // Twice: the second call reads the plan the first one made.
                for _ in 0..<2 {
                    let shared = SignalMath.spectrum(x, samplingFrequency: fs, frequencies: grid)
                    #expect(shared.map(\.bitPattern) == direct.map(\.bitPattern), "fs \(fs), n \(count), \(grid.count) frequencies")
                }
            }
        }
    }

    @Test func centredShapesGiveTheDirectCorrelation() {
        let x = Self.signal(count: 3000, seed: 7)
        let length = 145
        let starts = stride(from: 0, to: 3000 - length, by: 137).map { $0 }
        let shapes = starts.map { CenteredShape(x[$0..<($0 + length)]) }
        for (i, a) in starts.enumerated() {
            for (j, b) in starts.enumerated() {
                let direct = Self.referenceCorrelation(x[a..<(a + length)], x[b..<(b + length)])
                #expect(shapes[i].correlation(shapes[j]).bitPattern == direct.bitPattern)
                #expect(shapes[j].correlation(x[a..<(a + length)]).bitPattern == direct.bitPattern)
                #expect(SignalMath.correlation(x[a..<(a + length)], x[b..<(b + length)]).bitPattern == direct.bitPattern)
            }
        }
        // A flat shape correlates with nothing, as before.
        let flat = [Float](repeating: 0.2, count: length)
        #expect(CenteredShape(flat[...]).correlation(shapes[0]) == 0)
        #expect(CenteredShape(flat[...]).correlation(x[0..<length]) == Self.referenceCorrelation(flat[...], x[0..<length]))
    }

    @Test(arguments: [250.0, 360.0, 500.0])
    func cycleLengthByFourLagsGivesTheDirectCycle(fs: Double) {
        for seed in 1...6 {
            let x = Self.signal(count: Int(8 * fs), seed: UInt64(seed))
            #expect(CycleLength.seconds(x, samplingFrequency: fs) == Self.referenceCycleLength(x, samplingFrequency: fs))
        }
        let rhythm = ArrestFeatureTests.wideComplexRhythm(rr: 0.7).signal
        #expect(CycleLength.seconds(rhythm, samplingFrequency: 250) == Self.referenceCycleLength(rhythm, samplingFrequency: 250))
    }

    /// Random blocks of usable and blanked samples (like QRS blanking) and random lags.
    @Test(arguments: 0..<300)
    func pairedStretchesAreExactlyTheUsablePairs(seed: Int) {
        var state = UInt64(seed) &* 2 &+ 1
        func next() -> UInt64 { state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return state >> 33 }
        let count = Int(next() % 300) + 1
        // Blocks of usable and blanked samples, like QRS blanking.
        var flags: [Bool] = []
        while flags.count < count { flags += Array(repeating: next() % 3 != 0, count: Int(next() % 25) + 1) }
        flags = Array(flags.prefix(count))
        let runs = AtrialActivityAnalyzer.runs(flags)
        #expect(runs.flatMap { Array($0) } == flags.indices.filter { flags[$0] })
        let lag = Int(next() % UInt64(count + 5)) + 1
        let expected = lag < count ? (0..<(count - lag)).filter { flags[$0] && flags[$0 + lag] } : []
        var paired: [Int] = []
        AtrialActivityAnalyzer.forEachPairedStretch(runs, lag: lag) { paired += Array($0) }
        #expect(paired == expected)
    }

    @Test func finiteCheckFindsEveryNonFiniteSample() {
        var x = Self.signal(count: 1000, seed: 3)
        #expect(SignalMath.allFinite(x))
        #expect(SignalMath.allFinite([]))
        #expect(SignalMath.allFinite([Float.greatestFiniteMagnitude, -Float.greatestFiniteMagnitude, 0, -0.0, .leastNonzeroMagnitude]))
        for bad in [Float.nan, .infinity, -.infinity, .signalingNaN] {
            for place in [0, 1, 499, 999] {
                let saved = x[place]
                x[place] = bad
                #expect(!SignalMath.allFinite(x), "\(bad) at \(place)")
                x[place] = saved
            }
        }
    }

    @Test func quantilesAreUnchangedByThinning() {
        // percentile and medianAbsolute read every (count / 1200)-th sample.
        for count in [5, 1199, 1200, 2401, 3600, 10_000] {
            let x = Self.signal(count: count, seed: UInt64(count))
            let step = max(1, count / 1200)
            let thinned = stride(from: 0, to: count, by: step).map { x[$0] }
            for p in [0.015, 0.5, 0.985] {
                let sorted = thinned.sorted()
                let k = min(sorted.count - 1, max(0, Int((p * Double(sorted.count - 1)).rounded())))
                #expect(SignalMath.percentile(x, p) == sorted[k])
            }
            let absolute = thinned.map { abs($0) }.sorted()
            #expect(SignalMath.medianAbsolute(x) == absolute[absolute.count / 2])
        }
    }
}
