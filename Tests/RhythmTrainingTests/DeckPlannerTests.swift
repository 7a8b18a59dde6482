import PropertyBased
import RhythmLibrary
import Testing
@testable import RhythmTraining

@Suite("Deck planning")
struct DeckPlannerTests {
    let all = try! RhythmSelection.resolve(rhythms: nil, groups: nil, course: nil)

    @Test("every rhythm appears count/n or count/n + 1 times", arguments: [1, 7, 36, 40, 100])
    func evenSpread(count: Int) throws {
        let plans = try DeckPlanner(selection: all, count: count, difficulty: .mixed, seed: 11).plan()
        #expect(plans.count == count)
        var tally: [String: Int] = [:]
        for plan in plans { tally[plan.rhythm.id, default: 0] += 1 }
        let n = all.rhythms.count
        for rhythm in all.rhythms {
            let times = tally[rhythm.id] ?? 0
            #expect(times == count / n || times == count / n + 1, "\(rhythm.id) \(times)×")
        }
        #expect(plans.map(\.number) == Array(1...count))
    }

    @Test("no strip repeats: seeds are distinct and neighbours differ in rhythm")
    func noRepeats() throws {
        let selection = try RhythmSelection.resolve(rhythms: "afib,mobitz2,nsr", groups: nil, course: nil)
        let plans = try DeckPlanner(selection: selection, count: 30, difficulty: .hard, seed: 3).plan()
        #expect(Set(plans.map(\.seed)).count == plans.count)
        for (a, b) in zip(plans, plans.dropFirst()) { #expect(a.rhythm.id != b.rhythm.id) }
    }

    @Test("comeback strips: one per rhythm of the plan, in first-seen order, on seeds no strip uses", arguments: [1, 4, 12])
    func comebackPlans(count: Int) throws {
        let selection = try RhythmSelection.resolve(rhythms: "afib,mobitz2,nsr,vt-mono", groups: nil, course: nil)
        let planner = DeckPlanner(selection: selection, count: count, difficulty: .mixed, seed: 8)
        let plans = try planner.plan()
        let spares = planner.comebackPlans(for: plans)
        var firstSeen: [String] = []
        for plan in plans where !firstSeen.contains(plan.rhythm.id) { firstSeen.append(plan.rhythm.id) }
        #expect(spares.map(\.rhythm.id) == firstSeen)
        #expect(Set(spares.map(\.seed)).isDisjoint(with: plans.map(\.seed)))
        #expect(Set(spares.map(\.seed)).count == spares.count)
        #expect(spares.allSatisfy { $0.number == 0 })
        #expect(planner.comebackPlans(for: plans).map(\.seed) == spares.map(\.seed))
    }

    @Test("the same seed gives the same plan; another seed another plan")
    func reproducible() async throws {
        await propertyCheck(input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let a = try! DeckPlanner(selection: all, count: 12, difficulty: .mixed, seed: seed).plan()
            let b = try! DeckPlanner(selection: all, count: 12, difficulty: .mixed, seed: seed).plan()
            let c = try! DeckPlanner(selection: all, count: 12, difficulty: .mixed, seed: seed &+ 1).plan()
            #expect(a.map(\.seed) == b.map(\.seed))
            #expect(a.map(\.rhythm.id) == b.map(\.rhythm.id))
            #expect(a.map(\.rate) == b.map(\.rate))
            #expect(a.map(\.seed) != c.map(\.seed))
        }
    }

    @Test("easy strips are clean with mid-range rates; hard strips noisy")
    func difficulty() throws {
        let sinus = try RhythmSelection.resolve(rhythms: "nsr,sinus-brady,sinus-tach", groups: nil, course: nil)
        let easy = try DeckPlanner(selection: sinus, count: 30, difficulty: .easy, seed: 5).plan()
        let hard = try DeckPlanner(selection: sinus, count: 30, difficulty: .hard, seed: 5).plan()
        #expect(easy.allSatisfy { $0.snr == nil && $0.noise.isEmpty })
        #expect(hard.allSatisfy { ($0.snr ?? 99) <= 18 && $0.noise.contains(.muscle) })
        for plan in easy {
            let range = try #require(DeckPlanner.rateRange(of: plan.rhythm))
            let rate = try #require(plan.rate)
            let quarter = (range.upperBound - range.lowerBound) / 4
            #expect(rate >= (range.lowerBound + quarter).rounded(.down) && rate <= (range.upperBound - quarter).rounded(.up))
        }
    }

    @Test("weights tilt the share toward heavier rhythms")
    func weights() throws {
        let selection = try RhythmSelection.resolve(rhythms: "afib,nsr", groups: nil, course: nil)
        let plans = try DeckPlanner(selection: selection, count: 20, difficulty: .easy, seed: 1, weights: ["afib": 3]).plan()
        #expect(plans.filter { $0.rhythm.id == "afib" }.count == 15)
    }

    @Test("count 0 and above the limit are refused", arguments: [0, -3, DeckPlanner.maximumCount + 1])
    func badCount(count: Int) {
        #expect(throws: TrainingError.self) {
            try DeckPlanner(selection: all, count: count, difficulty: .easy, seed: 1).plan()
        }
    }
}
