/// Checks a decoded definition for ranges the synthesizer cannot make and for
/// synthesis parameters that contradict the definition's own criteria.
enum RhythmValidator {
    /// Limits of the synthesis model, per parameter.
    enum Limits {
        static func atrialRate(_ mechanism: SynthesisParameters.AtrialMechanism) -> ValueRange {
            switch mechanism {
            case .sinus: ValueRange(20, 220)
            case .multifocal: ValueRange(60, 220)
            case .fibrillation: ValueRange(300, 700)
            case .flutter: ValueRange(200, 400)
            case .paced: ValueRange(30, 180)
            case .none: ValueRange(0, 0)
            }
        }
        static func ventricularRate(_ origin: SynthesisParameters.VentricularOrigin) -> ValueRange {
            switch origin {
            case .conducted: ValueRange(30, 220)
            case .junctional: ValueRange(20, 250)
            case .ventricular: ValueRange(10, 300)
            case .torsades: ValueRange(120, 350)
            case .paced: ValueRange(30, 180)
            case .fibrillation, .none: ValueRange(0, 0)
            }
        }
        static let pr = ValueRange(0.04, 0.60)
        static let pAmplitude = ValueRange(-0.5, 0.5)
        static let pDuration = ValueRange(0.04, 0.16)
        static let narrowQRS = ValueRange(0.04, 0.12)
        static let wideQRS = ValueRange(0.12, 0.24)
        static let qrsAmplitude = ValueRange(0.1, 4)
        static let tWave = ValueRange(0, 1)
        static let qtc = ValueRange(0.30, 0.60)
        static let fraction = ValueRange(0, 0.5)
        static let coupling = ValueRange(0.3, 0.95)
        static let probability = ValueRange(0, 1)
        static let group = ValueRange(2, 12)
        static let ratio = ValueRange(1, 8)
        static let waveAmplitude = ValueRange(0.01, 1.5)
        static let fibrillationAmplitude = ValueRange(0.02, 3)
        static let fibrillationFrequency = ValueRange(2, 12)
        static let spike = ValueRange(0.2, 5)
        static let avDelay = ValueRange(0.05, 0.35)
        static let twist = ValueRange(0.5, 10)
        static let drift = ValueRange(0, 0.5)
        static let pauseInterval = ValueRange(1, 60)
        static let pauseLength = ValueRange(1.2, 10)
        static let foci = ValueRange(3, 6)
    }

    struct Checker {
        let file: String

        func fail(_ field: String, _ reason: String) -> RhythmLibraryError {
            RhythmLibraryError(file: file, field: field, reason: reason)
        }

        func range(_ range: ValueRange?, _ field: String, within limits: ValueRange, unit: String = "") throws {
            guard let range else { return }
            guard range.lowerBound.isFinite, range.upperBound.isFinite else { throw fail(field, "values must be finite numbers") }
            if range.lowerBound > range.upperBound {
                throw fail(field, "min \(ValueRange.format(range.lowerBound)) is above max \(ValueRange.format(range.upperBound))")
            }
            if !range.isWithin(limits) {
                throw fail(field, "\(range)\(unit) is outside what the synthesizer can make, \(limits)\(unit)")
            }
        }

        func require<T>(_ value: T?, _ field: String, _ why: String) throws -> T {
            guard let value else { throw fail(field, "required \(why)") }
            return value
        }

        func consistent(_ made: ValueRange?, _ field: String, with criterion: ValueRange?, _ criterionField: String) throws {
            guard let made, let criterion else { return }
            if !made.isWithin(criterion) {
                throw fail(field, "\(made) makes strips outside \(criterionField) \(criterion)")
            }
        }
    }

    static func validate(_ definition: RhythmDefinition, file: String, knownIDs: Set<String>) throws {
        let check = Checker(file: file)
        let id = definition.id
        if id.isEmpty || !id.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) {
            throw check.fail("id", "use lower-case letters, digits and '-' only")
        }
        if definition.name.isEmpty { throw check.fail("name", "must not be empty") }

        let criteria = definition.criteria
        try check.range(criteria.rate.ventricular, "criteria.rate.ventricular", within: ValueRange(0, 400))
        try check.range(criteria.rate.atrial, "criteria.rate.atrial", within: ValueRange(0, 800))
        try check.range(criteria.prInterval.seconds, "criteria.prInterval.seconds", within: Limits.pr)
        try check.range(criteria.qrs.seconds, "criteria.qrs.seconds", within: ValueRange(0.02, 0.30))
        for (index, confusion) in criteria.confusions.enumerated() {
            if !knownIDs.contains(confusion.id) {
                throw check.fail("criteria.confusions[\(index)].id", "no rhythm with id '\(confusion.id)'")
            }
            if confusion.id == id { throw check.fail("criteria.confusions[\(index)].id", "a rhythm cannot be confused with itself") }
        }

        let synthesis = definition.synthesis
        let atria = synthesis.atria
        let mechanism = atria.mechanism
        try check.range(atria.rate, "synthesis.atria.rate", within: Limits.atrialRate(mechanism), unit: "/min")
        try check.range(atria.variability, "synthesis.atria.variability", within: Limits.fraction)
        try check.range(atria.pWave?.amplitude, "synthesis.atria.pWave.amplitude", within: Limits.pAmplitude, unit: " mV")
        try check.range(atria.pWave?.duration, "synthesis.atria.pWave.duration", within: Limits.pDuration, unit: " s")
        try check.range(atria.waveAmplitude, "synthesis.atria.waveAmplitude", within: Limits.waveAmplitude, unit: " mV")
        try check.range(atria.pauses?.interval, "synthesis.atria.pauses.interval", within: Limits.pauseInterval, unit: " s")
        try check.range(atria.pauses?.length, "synthesis.atria.pauses.length", within: Limits.pauseLength, unit: " s")
        try check.range(atria.foci, "synthesis.atria.foci", within: Limits.foci)
        switch mechanism {
        case .sinus, .multifocal:
            _ = try check.require(atria.rate, "synthesis.atria.rate", "for \(mechanism.rawValue) atria")
            _ = try check.require(atria.pWave, "synthesis.atria.pWave", "for \(mechanism.rawValue) atria")
        case .paced:
            if atria.rate != nil { throw check.fail("synthesis.atria.rate", "paced atria follow synthesis.pacing.rate") }
            _ = try check.require(atria.pWave, "synthesis.atria.pWave", "for paced atria")
        case .flutter, .fibrillation:
            _ = try check.require(atria.rate, "synthesis.atria.rate", "for \(mechanism.rawValue)")
            _ = try check.require(atria.waveAmplitude, "synthesis.atria.waveAmplitude", "for \(mechanism.rawValue)")
        case .none:
            if atria.rate != nil { throw check.fail("synthesis.atria.rate", "atria with mechanism none have no rate") }
        }
        if mechanism == .paced {
            _ = try check.require(synthesis.pacing, "synthesis.pacing", "for paced atria")
        }

        if let conduction = synthesis.conduction {
            try check.range(conduction.pr, "synthesis.conduction.pr", within: Limits.pr, unit: " s")
            try check.range(conduction.prIncrement, "synthesis.conduction.prIncrement", within: ValueRange(0.01, 0.2), unit: " s")
            try check.range(conduction.group, "synthesis.conduction.group", within: Limits.group)
            try check.range(conduction.ratio, "synthesis.conduction.ratio", within: Limits.ratio)
            switch conduction.mode {
            case .wenckebach:
                _ = try check.require(conduction.prIncrement, "synthesis.conduction.prIncrement", "for Wenckebach conduction")
                _ = try check.require(conduction.group, "synthesis.conduction.group", "for Wenckebach conduction")
            case .mobitz2:
                _ = try check.require(conduction.group, "synthesis.conduction.group", "for Mobitz II conduction")
            case .ratio:
                _ = try check.require(conduction.ratio, "synthesis.conduction.ratio", "for ratio conduction")
            case .normal, .none:
                break
            }
            if conduction.mode != .none, mechanism != .fibrillation {
                _ = try check.require(conduction.pr, "synthesis.conduction.pr", "when atrial impulses conduct")
            }
            if conduction.mode == .normal || conduction.mode == .mobitz2 || conduction.mode == .ratio, mechanism != .flutter {
                try check.consistent(conduction.pr, "synthesis.conduction.pr", with: criteria.prInterval.seconds, "criteria.prInterval.seconds")
            }
        }

        let ventricles = synthesis.ventricles
        let origin = ventricles.origin
        try check.range(ventricles.rate, "synthesis.ventricles.rate", within: Limits.ventricularRate(origin), unit: "/min")
        try check.range(ventricles.irregularity, "synthesis.ventricles.irregularity", within: Limits.fraction)
        try check.range(ventricles.tWave, "synthesis.ventricles.tWave", within: Limits.tWave)
        try check.range(ventricles.qtc, "synthesis.ventricles.qtc", within: Limits.qtc, unit: " s")
        try check.range(ventricles.twistPeriod, "synthesis.ventricles.twistPeriod", within: Limits.twist, unit: " s")
        if let qrs = ventricles.qrs {
            try check.range(qrs.amplitude, "synthesis.ventricles.qrs.amplitude", within: Limits.qrsAmplitude, unit: " mV")
            for morphology in qrs.morphology.choices {
                let limits = morphology == .normal ? Limits.narrowQRS : Limits.wideQRS
                try check.range(qrs.duration, "synthesis.ventricles.qrs.duration", within: limits, unit: " s (\(morphology.rawValue) QRS)")
            }
            try check.consistent(qrs.duration, "synthesis.ventricles.qrs.duration", with: criteria.qrs.seconds, "criteria.qrs.seconds")
        }
        if let code = ventricles.beatCode, !["N", "L", "R", "a", "V", "F", "J", "A", "S", "E", "j", "/", "Q", "e", "n", "f"].contains(code) {
            throw check.fail("synthesis.ventricles.beatCode", "'\(code)' is not an MIT beat annotation mnemonic")
        }
        switch origin {
        case .conducted:
            if mechanism == .none { throw check.fail("synthesis.ventricles.origin", "conducted beats need atrial activity") }
            _ = try check.require(ventricles.qrs, "synthesis.ventricles.qrs", "for QRS complexes")
            if mechanism == .fibrillation {
                let rate = try check.require(ventricles.rate, "synthesis.ventricles.rate", "for the ventricular response of atrial fibrillation")
                _ = try check.require(ventricles.irregularity, "synthesis.ventricles.irregularity", "for atrial fibrillation")
                try check.consistent(rate, "synthesis.ventricles.rate", with: criteria.rate.ventricular, "criteria.rate.ventricular")
            } else if synthesis.conduction == nil {
                throw check.fail("synthesis.conduction", "required for conducted beats")
            }
        case .junctional, .ventricular, .torsades, .paced:
            _ = try check.require(ventricles.qrs, "synthesis.ventricles.qrs", "for QRS complexes")
            if origin == .paced, mechanism == .paced {
                _ = try check.require(synthesis.pacing?.avDelay, "synthesis.pacing.avDelay", "for AV sequential pacing")
            } else if origin == .paced {
                _ = try check.require(synthesis.pacing, "synthesis.pacing", "for ventricular pacing")
            } else {
                let rate = try check.require(ventricles.rate, "synthesis.ventricles.rate", "for a \(origin.rawValue) rhythm")
                try check.consistent(rate, "synthesis.ventricles.rate", with: criteria.rate.ventricular, "criteria.rate.ventricular")
            }
            if origin == .torsades {
                _ = try check.require(ventricles.twistPeriod, "synthesis.ventricles.twistPeriod", "for torsades")
            }
        case .fibrillation:
            _ = try check.require(synthesis.fibrillation, "synthesis.fibrillation", "for ventricular fibrillation")
        case .none:
            break
        }
        if mechanism == .sinus || mechanism == .paced, synthesis.conduction?.mode == .normal || synthesis.conduction == nil,
           origin == .conducted || origin == .paced, synthesis.atria.pauses == nil, synthesis.ectopy == nil {
            let rate = mechanism == .paced ? synthesis.pacing?.rate : atria.rate
            try check.consistent(rate, mechanism == .paced ? "synthesis.pacing.rate" : "synthesis.atria.rate",
                                 with: criteria.rate.ventricular, "criteria.rate.ventricular")
        }
        if mechanism != .fibrillation, mechanism != .flutter {
            try check.consistent(mechanism == .paced ? synthesis.pacing?.rate : atria.rate, "synthesis.atria.rate",
                                 with: criteria.rate.atrial, "criteria.rate.atrial")
        } else {
            try check.consistent(atria.rate, "synthesis.atria.rate", with: criteria.rate.atrial, "criteria.rate.atrial")
        }

        if let ectopy = synthesis.ectopy {
            try check.range(ectopy.coupling, "synthesis.ectopy.coupling", within: Limits.coupling)
            try check.range(ectopy.probability, "synthesis.ectopy.probability", within: Limits.probability)
            if ectopy.pattern == .random || ectopy.pattern == .couplets {
                _ = try check.require(ectopy.probability, "synthesis.ectopy.probability", "for \(ectopy.pattern.rawValue) ectopy")
            }
            if origin != .conducted || mechanism != .sinus {
                throw check.fail("synthesis.ectopy", "premature beats are modelled on a conducted sinus rhythm only")
            }
        }
        if let pacing = synthesis.pacing {
            try check.range(pacing.rate, "synthesis.pacing.rate", within: ValueRange(30, 180), unit: "/min")
            try check.range(pacing.spikeAmplitude, "synthesis.pacing.spikeAmplitude", within: Limits.spike, unit: " mV")
            try check.range(pacing.avDelay, "synthesis.pacing.avDelay", within: Limits.avDelay, unit: " s")
        }
        if let fibrillation = synthesis.fibrillation {
            try check.range(fibrillation.amplitude, "synthesis.fibrillation.amplitude", within: Limits.fibrillationAmplitude, unit: " mV")
            try check.range(fibrillation.frequency, "synthesis.fibrillation.frequency", within: Limits.fibrillationFrequency, unit: " Hz")
        }
        try check.range(synthesis.drift, "synthesis.drift", within: Limits.drift, unit: " mV")
    }
}
