/// Delivers final candidates and clock ticks to a `BeatDecider` in index order.
///
/// A tick at index τ is delivered after every candidate before τ and before
/// any candidate at or after τ; the ticks fall on fixed multiples of
/// `tickInterval`. Both the whole-record and the streaming paths go through
/// this type, so the decider sees the same sequence whatever the chunking.
struct EventSequencer {
    let tickInterval: Int
    private var nextTick: Int
    private var waiting: [PeakCandidate] = []
    private var waitingStart = 0

    init(tickInterval: Int) {
        self.tickInterval = Swift.max(1, tickInterval)
        nextTick = self.tickInterval
    }

    /// Queues a final candidate (candidates come in increasing index order).
    mutating func enqueue(_ candidate: PeakCandidate) { waiting.append(candidate) }

    /// Delivers everything that is certain once all candidates before `horizon`
    /// have been enqueued.
    mutating func deliver<Locator>(upTo horizon: Int, to decider: inout BeatDecider<Locator>) {
        while true {
            if waitingStart < waiting.count, waiting[waitingStart].index < nextTick {
                decider.add(waiting[waitingStart])
                waitingStart += 1
            } else if nextTick <= horizon {
                decider.advance(to: nextTick)
                nextTick += tickInterval
            } else {
                break
            }
        }
        if waitingStart > 256 {
            waiting.removeFirst(waitingStart)
            waitingStart = 0
        }
    }

    /// Delivers what is left at the end of a record of `length` samples.
    mutating func finish<Locator>(length: Int, to decider: inout BeatDecider<Locator>) {
        deliver(upTo: length - 1, to: &decider)
        while waitingStart < waiting.count {
            decider.add(waiting[waitingStart])
            waitingStart += 1
        }
        decider.finish(at: length)
    }
}
