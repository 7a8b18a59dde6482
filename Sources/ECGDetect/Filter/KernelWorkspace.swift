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
    /// Local maxima found in each lane's segment.
    var maxima: [[LocalMaximum]]

    init() {
        smoothed = .allocate(capacity: 1)
        slope = .allocate(capacity: 1)
        ring = .allocate(capacity: 1)
        maxima = Array(repeating: [], count: SegmentedFeatureKernel.lanes)
    }

    deinit {
        smoothed.deallocate()
        slope.deallocate()
        ring.deallocate()
    }

    /// Makes room for `rows` output rows and a ring longer than `history`,
    /// and empties the maxima (keeping their storage).
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
        for k in maxima.indices {
            maxima[k].removeAll(keepingCapacity: true)
            maxima[k].reserveCapacity(maximaPerLane)
        }
    }

    /// Bytes held by the buffers.
    var footprint: Int { 2 * capacity * MemoryLayout<Vector>.stride }

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
