import Foundation

/// The buffers of `SegmentedFeatureKernel`, kept between calls.
///
/// A 30-minute lead needs about 5 MB of kernel output. Fresh arrays of that
/// size come from `mmap` and cost a page fault per 4 KB page on every call;
/// reused buffers are already mapped (and warm in cache for short records).
/// Workspaces are taken from `KernelWorkspace.pool` and go back to it when the
/// features that use them are released.
final class KernelWorkspace: @unchecked Sendable {
    typealias Vector = SIMD16<Int32>

    /// Rows (vectors) each of `smoothed` and `slope` can hold.
    private(set) var capacity = 0
    /// The box-filtered signal, one vector per row.
    private(set) var smoothed: UnsafeMutablePointer<Vector>
    /// The band-limited slope energy, one vector per row.
    private(set) var slope: UnsafeMutablePointer<Vector>
    /// Ring of the last quantised input rows (a power of two long).
    private(set) var ring: UnsafeMutablePointer<Vector>
    private(set) var ringSize = 0
    /// Local maxima found in each lane's segment: lane k's start at
    /// `maxima + k * maximaPerLane`, `maximaCounts[k]` of them. Plain memory,
    /// not arrays: an append is a store, with no uniqueness or capacity check.
    private(set) var maxima: UnsafeMutablePointer<LocalMaximum>
    private(set) var maximaPerLane = 0
    let maximaCounts: UnsafeMutablePointer<Int>

    init() {
        smoothed = .allocate(capacity: 1)
        slope = .allocate(capacity: 1)
        ring = .allocate(capacity: 1)
        maxima = .allocate(capacity: 1)
        maximaCounts = .allocate(capacity: SegmentedFeatureKernel.lanes)
        maximaCounts.initialize(repeating: 0, count: SegmentedFeatureKernel.lanes)
    }

    deinit {
        smoothed.deallocate()
        slope.deallocate()
        ring.deallocate()
        maxima.deallocate()
        maximaCounts.deallocate()
    }

    /// Makes room for `rows` output rows, a ring longer than `history` and
    /// `maximaPerLane` local maxima per lane, and empties the maxima.
    func prepare(rows: Int, history: Int, maximaPerLane: Int) {
        if rows > capacity {
            smoothed.deallocate()
            slope.deallocate()
            // Some slack so that records of nearly equal length share buffers.
            capacity = rows + rows / 8
            smoothed = .allocate(capacity: capacity)
            slope = .allocate(capacity: capacity)
        }
        var size = 1
        while size <= history { size *= 2 }
        if size > ringSize {
            ring.deallocate()
            ring = .allocate(capacity: size)
            ringSize = size
        }
        if maximaPerLane > self.maximaPerLane {
            maxima.deallocate()
            self.maximaPerLane = maximaPerLane + maximaPerLane / 8
            maxima = .allocate(capacity: self.maximaPerLane * SegmentedFeatureKernel.lanes)
        }
        maximaCounts.update(repeating: 0, count: SegmentedFeatureKernel.lanes)
    }

    /// The local maxima of lane `k`.
    func maxima(lane k: Int) -> UnsafeBufferPointer<LocalMaximum> {
        UnsafeBufferPointer(start: maxima + k * maximaPerLane, count: maximaCounts[k])
    }

    /// Bytes held by the buffers.
    var footprint: Int {
        2 * capacity * MemoryLayout<Vector>.stride
            + maximaPerLane * SegmentedFeatureKernel.lanes * MemoryLayout<LocalMaximum>.stride
    }

    /// Workspaces not in use.
    static let pool = Pool()

    /// A few idle workspaces shared by all detectors of the process.
    final class Pool: @unchecked Sendable {
        private let lock = NSLock()
        private var idle: [KernelWorkspace] = []
        /// Idle workspaces kept (one per core is enough on most machines).
        let maximumIdle = 4
        /// Larger workspaces (Holter-length whole records) are freed after use.
        let maximumFootprint = 64 << 20

        func take() -> KernelWorkspace {
            lock.lock()
            defer { lock.unlock() }
            return idle.popLast() ?? KernelWorkspace()
        }

        func give(_ workspace: KernelWorkspace) {
            guard workspace.footprint <= maximumFootprint else { return }
            lock.lock()
            defer { lock.unlock() }
            if idle.count < maximumIdle { idle.append(workspace) }
        }
    }
}
