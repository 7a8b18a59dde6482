/// The last few values appended, oldest first, in a ring of fixed capacity:
/// appending to a full ring drops the oldest value.
///
/// The decider's running intervals and recent beats are kept this way:
/// `Array.removeFirst` on them moved every element at every beat.
struct RecentRing<Element>: RandomAccessCollection {
    /// The most values kept.
    let capacity: Int
    /// The values, the oldest at `head` once the ring has wrapped (the
    /// storage grows to `capacity` and keeps that size).
    private var storage: ContiguousArray<Element> = []
    private var head = 0
    private(set) var count = 0

    init(capacity: Int) {
        precondition(capacity > 0, "a ring holds at least one value")
        self.capacity = capacity
        storage.reserveCapacity(capacity)
    }

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
        let target = slot(count)
        if target == storage.count {
            storage.append(value)
        } else {
            storage[target] = value
        }
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
