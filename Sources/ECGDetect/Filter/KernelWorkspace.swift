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
    /// Each lane's candidate selector, run inside the kernel on the lane's
    /// own maxima (a trivial struct: no deinitialisation needed).
    let selectors: UnsafeMutablePointer<CandidateSelector>
    /// Candidates released by the lanes' selectors, measured while their rows
    /// were in cache: lane k's start at `candidates + k * candidatesPerLane`.
    private(set) var candidates: UnsafeMutablePointer<PeakCandidate>
    private(set) var candidatesPerLane = 0
    let candidateCounts: UnsafeMutablePointer<Int>
    /// Per lane: the row at which the pending maximum is to be measured, the
    /// measurement and the index it belongs to.
    let dueRows: UnsafeMutablePointer<Int>
    let measured: UnsafeMutablePointer<PeakCandidate>
    let measuredIndices: UnsafeMutablePointer<Int>

    init() {
        smoothed = .allocate(capacity: 1)
        slope = .allocate(capacity: 1)
        ring = .allocate(capacity: 1)
        maxima = .allocate(capacity: 1)
        maximaCounts = .allocate(capacity: SegmentedFeatureKernel.lanes)
        maximaCounts.initialize(repeating: 0, count: SegmentedFeatureKernel.lanes)
        selectors = .allocate(capacity: SegmentedFeatureKernel.lanes)
        candidates = .allocate(capacity: 1)
        candidateCounts = .allocate(capacity: SegmentedFeatureKernel.lanes)
        candidateCounts.initialize(repeating: 0, count: SegmentedFeatureKernel.lanes)
        dueRows = .allocate(capacity: SegmentedFeatureKernel.lanes)
        dueRows.initialize(repeating: Int.max, count: SegmentedFeatureKernel.lanes)
        measured = .allocate(capacity: SegmentedFeatureKernel.lanes)
        measured.initialize(
            repeating: PeakCandidate(index: 0, height: 0, slope: 0, location: 0, amplitude: 0),
            count: SegmentedFeatureKernel.lanes)
        measuredIndices = .allocate(capacity: SegmentedFeatureKernel.lanes)
        measuredIndices.initialize(repeating: Int.min, count: SegmentedFeatureKernel.lanes)
    }

    deinit {
        smoothed.deallocate()
        slope.deallocate()
        ring.deallocate()
        maxima.deallocate()
        maximaCounts.deallocate()
        selectors.deallocate()
        candidates.deallocate()
        candidateCounts.deallocate()
        dueRows.deallocate()
        measured.deallocate()
        measuredIndices.deallocate()
    }

    /// Makes room for `rows` output rows, a ring longer than `history`,
    /// `maximaPerLane` local maxima and `candidatesPerLane` candidates per
    /// lane; empties the maxima and candidates and resets the selectors.
    func prepare(rows: Int, history: Int, maximaPerLane: Int, candidatesPerLane: Int, selector: CandidateSelector) {
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
        if candidatesPerLane > self.candidatesPerLane {
            candidates.deallocate()
            self.candidatesPerLane = candidatesPerLane + candidatesPerLane / 8
            candidates = .allocate(capacity: self.candidatesPerLane * SegmentedFeatureKernel.lanes)
        }
        candidateCounts.update(repeating: 0, count: SegmentedFeatureKernel.lanes)
        selectors.initialize(repeating: selector, count: SegmentedFeatureKernel.lanes)
    }

    /// The candidates lane `k`'s selector released.
    func candidates(lane k: Int) -> UnsafeBufferPointer<PeakCandidate> {
        UnsafeBufferPointer(start: candidates + k * candidatesPerLane, count: candidateCounts[k])
    }

    /// The local maxima of lane `k`.
    func maxima(lane k: Int) -> UnsafeBufferPointer<LocalMaximum> {
        UnsafeBufferPointer(start: maxima + k * maximaPerLane, count: maximaCounts[k])
    }

    /// Bytes held by the buffers.
    var footprint: Int {
        2 * capacity * MemoryLayout<Vector>.stride
            + maximaPerLane * SegmentedFeatureKernel.lanes * MemoryLayout<LocalMaximum>.stride
            + candidatesPerLane * SegmentedFeatureKernel.lanes * MemoryLayout<PeakCandidate>.stride
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
