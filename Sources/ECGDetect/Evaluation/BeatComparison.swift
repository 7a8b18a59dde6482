import ECGSignal

/// Beat-by-beat comparison of a test annotation set with a reference set, as
/// ANSI/AAMI EC57 defines it and the WFDB tool `bxb` implements it.
///
/// The matching follows `bxb.c` (WFDB 10, G. Moody) step by step: both files
/// are walked in time order; the earlier of the current reference beat `T` and
/// test beat `t` is paired with the other when they lie within the match window
/// and no closer partner follows (or, bxb's alternative criterion of 24
/// November 2002, when that next partner is itself closer to its own next
/// partner); otherwise it is counted as missed (reference) or extra (test). Only beat annotations (`isqrs`) take part. Reference beats
/// between `[` and `]` (ventricular flutter) are skipped, and extra test beats
/// inside such an episode are not counted. Scoring starts after the learning
/// period (bxb's `-f`; 0 here by default, where bxb's default is 5 minutes) and
/// runs to the end of the record when its length is known (bxb's default `-t`),
/// else to the end of the reference annotations.
public struct BeatComparison: Sendable {
    /// The match window in seconds (bxb's `-w`, 0.15 s by default).
    public var window: Double
    /// The learning period in seconds (bxb's `-f`): beats before it are not scored.
    public var learningPeriod: Double

    public init(window: Double = 0.15, learningPeriod: Double = 0) {
        self.window = window
        self.learningPeriod = learningPeriod
    }

    /// Seconds to samples, rounded as WFDB's `strtim` does.
    static func samples(_ seconds: Double, samplingFrequency: Double) -> Int {
        Int((seconds * samplingFrequency).rounded())
    }

    /// Compares `test` with `reference` for one record.
    /// - Parameters:
    ///   - samplingFrequency: the annotation time base in hertz.
    ///   - recordLength: samples in the record (the end of the comparison), or
    ///     nil to stop at the end of the reference annotations.
    public func compare(
        record: String,
        reference: [Annotation],
        test: [Annotation],
        samplingFrequency: Double,
        recordLength: Int? = nil
    ) -> RecordScore {
        var run = Run(
            reference: reference, test: test,
            matchWindow: Self.samples(window, samplingFrequency: samplingFrequency),
            start: Self.samples(learningPeriod, samplingFrequency: samplingFrequency),
            endTime: recordLength.map { $0 > 0 ? $0 : -1 } ?? -1)
        run.compare()
        return RecordScore(
            record: record,
            truePositives: run.truePositives,
            falseNegatives: run.falseNegatives,
            falsePositives: run.falsePositives,
            offsetSum: Double(run.offsetSum) / samplingFrequency,
            offsetSquareSum: Double(run.offsetSquareSum) / (samplingFrequency * samplingFrequency))
    }
}

extension BeatComparison {
    /// The state of one `bxb` run; names follow `bxb.c`.
    private struct Run {
        /// A pseudo-label: a beat, an unmatched partner ("O"), or not counted ("*").
        enum Label: Equatable { case none, beat, unmatched, ignored }

        static let hugeTime = Int(Int32.max)

        let reference: [Annotation]
        let test: [Annotation]
        let matchWindow: Int
        let start: Int
        let endTime: Int

        var referenceIndex = 0, testIndex = 0
        var T = 0, Tprime = 0, A = Label.none, Aprime = Label.none
        var t = 0, tprime = 0, a = Label.none, aprime = Label.none
        var vfOnReference = -1, vfOffReference = -1
        var previousVfOnReference = -1, previousVfOffReference = -1

        var truePositives = 0, falseNegatives = 0, falsePositives = 0
        var offsetSum = 0, offsetSquareSum = 0

        init(reference: [Annotation], test: [Annotation], matchWindow: Int, start: Int, endTime: Int) {
            self.reference = reference
            self.test = test
            self.matchWindow = matchWindow
            self.start = start
            self.endTime = endTime
        }

        mutating func compare() {
            repeat { getReference() } while T < start
            repeat { getTest() } while tprime < start

            if T - t < abs(T - tprime) && T - t <= matchWindow {
                if A != .none || a != .none { pair(A, a, offset: t - T) }
                getReference()
                getTest()
            } else {
                getTest()
                if t - start <= matchWindow && abs(T - tprime) < abs(T - t) { getTest() }
            }

            while (endTime > 0 && (T <= endTime || t <= endTime))
                || (endTime == -1 && T != Self.hugeTime) {
                // Cases 1 and 3 of bxb.c, each with the alternative
                // criterion added to bxb on 24 November 2002: the next beat
                // of the other file is no better partner when it matches the
                // next beat of this file more closely (both files' beats
                // less than two windows apart, rates over 200/min at 150 ms).
                if t < T {
                    if T - t <= matchWindow
                        && (T - t < abs(T - tprime) || abs(Tprime - tprime) < abs(T - tprime)) {
                        pair(A, a, offset: t - T)
                        getReference()
                        getTest()
                    } else {
                        pair(referencePseudoLabel(at: t), a, offset: 0)
                        getTest()
                    }
                } else {
                    if t - T <= matchWindow
                        && (t - T < abs(t - Tprime) || abs(tprime - Tprime) < abs(t - Tprime)) {
                        pair(A, a, offset: t - T)
                        getTest()
                        getReference()
                    } else {
                        pair(A, .unmatched, offset: 0)
                        getReference()
                    }
                }
            }
        }

        /// `amap()` of bxb for a beat code: every beat code is an AAMI class
        /// (N, S, V, F or Q, one "beat" for QRS detection) except the flutter
        /// wave `!`, which `isqrs` accepts but `amap` maps to "O".
        static func label(_ code: AnnotationCode) -> Label {
            code == .flutterWave ? .unmatched : .beat
        }

        /// `pair()` of bxb, reduced to the QRS counts (QTP, QFN, QFP).
        mutating func pair(_ ref: Label, _ tst: Label, offset: Int) {
            switch (ref, tst) {
            case (.beat, .beat):
                truePositives += 1
                offsetSum += offset
                offsetSquareSum += offset * offset
            case (.beat, .unmatched): falseNegatives += 1
            case (.unmatched, .beat): falsePositives += 1
            default: break
            }
        }

        /// `rpann()`: extra test beats during reference-marked flutter are not counted.
        func referencePseudoLabel(at time: Int) -> Label {
            if (vfOnReference != -1 && vfOnReference <= time && (time <= vfOffReference || vfOffReference == -1))
                || (previousVfOnReference != -1 && previousVfOnReference <= time && time <= previousVfOffReference) {
                return .ignored
            }
            return .unmatched
        }

        mutating func getReference() {
            T = Tprime
            A = Aprime
            while referenceIndex < reference.count {
                var annotation = reference[referenceIndex]
                referenceIndex += 1
                if annotation.code.isBeat {
                    Tprime = annotation.sample
                    Aprime = Self.label(annotation.code)
                    return
                }
                if annotation.code == .flutterStart {
                    previousVfOnReference = vfOnReference
                    previousVfOffReference = vfOffReference
                    vfOnReference = annotation.sample
                    repeat {
                        guard referenceIndex < reference.count else {
                            Tprime = Self.hugeTime
                            Aprime = .ignored
                            return
                        }
                        annotation = reference[referenceIndex]
                        referenceIndex += 1
                    } while annotation.code != .flutterEnd
                    vfOffReference = annotation.sample
                }
            }
            Tprime = Self.hugeTime
            Aprime = .ignored
        }

        mutating func getTest() {
            t = tprime
            a = aprime
            while testIndex < test.count {
                var annotation = test[testIndex]
                testIndex += 1
                if annotation.code.isBeat {
                    tprime = annotation.sample
                    aprime = Self.label(annotation.code)
                    return
                }
                if annotation.code == .flutterStart {
                    repeat {
                        guard testIndex < test.count else {
                            tprime = Self.hugeTime
                            aprime = .ignored
                            return
                        }
                        annotation = test[testIndex]
                        testIndex += 1
                    } while annotation.code != .flutterEnd
                }
            }
            tprime = Self.hugeTime
            aprime = .ignored
        }
    }
}
