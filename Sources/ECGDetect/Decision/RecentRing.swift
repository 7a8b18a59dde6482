/// The last few values appended, oldest first, in a ring of fixed capacity:
/// appending to a full ring drops the oldest value.
///
/// The decider's running intervals and recent beats are kept this way:
/// `Array.removeFirst` on them moved every element at every beat. The values
/// live inline (an `InlineArray`): an array's storage cost a uniqueness check
/// at every write, at every beat.
struct RecentRing<let capacity: Int, Element>: RandomAccessCollection {
    /// The values, the oldest at `head` once the ring has wrapped; the slots
    /// not yet written hold the filler given at `init`.
    private var storage: InlineArray<capacity, Element>
    private var head = 0
    private(set) var count = 0

    /// An empty ring; `filler` only occupies the slots not yet written.
    init(filler: Element) {
        precondition(capacity > 0, "a ring holds at least one value")
        storage = InlineArray(repeating: filler)
    }

    /// The most values kept.
    var capacity: Int { capacity }
    var startIndex: Int { 0 }
    var endIndex: Int { count }

    /// The value `position` places after the oldest.
    @inline(__always)
    subscript(position: Int) -> Element {
        get {
            precondition(position >= 0 && position < count, "ring index out of range")
            return storage[slot(position)]
        }
        set {
            precondition(position >= 0 && position < count, "ring index out of range")
            storage[slot(position)] = newValue
        }
    }

    /// Appends `value`, dropping the oldest value when the ring is full.
    @inline(__always)
    mutating func append(_ value: Element) {
        storage[slot(count)] = value
        if count == capacity {
            head = head + 1 == capacity ? 0 : head + 1
        } else {
            count += 1
        }
    }

    /// Removes and returns the newest value; the ring must not be empty.
    @discardableResult
    mutating func removeLast() -> Element {
        precondition(count > 0, "removeLast on an empty ring")
        count -= 1
        return storage[slot(count)]
    }

    /// The storage slot of the value `position` places after the oldest
    /// (`position` at most `capacity`; at `capacity`, the oldest's slot).
    @inline(__always)
    private func slot(_ position: Int) -> Int {
        let slot = head + position
        return slot >= capacity ? slot - capacity : slot
    }
}

extension RecentRing: Sendable where Element: Sendable {}
