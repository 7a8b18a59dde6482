import Foundation

/// The buffers of `SegmentedFeatureKernel`, kept between calls.
///
/// The kernel keeps only short histories of its stages (a strip of about a
/// thousand rows, reused from its start) and the local maxima it
/// finds; the candidates are measured afterwards from the input samples
/// (`CandidateMeasurer`). Workspaces are taken from `KernelWorkspace.pool`
/// and go back to it when the features that use them are released, so a
/// database run does not allocate and fault in the maxima buffer per record.
final class KernelWorkspace: @unchecked Sendable {
    typealias Vector = SIMD16<Int32>

    /// The whole lead quantised (`FeatureDesign.quantize`), in time order:
    /// the kernel gathers its rows from it and `CandidateMeasurer` its
    /// windows. 16 bits hold the values (`QuantizedLead`).
    private(set) var quantized: UnsafeMutablePointer<Int16>
    private(set) var quantizedCapacity = 0
    /// The recent rows of the stages (`SegmentedFeatureKernel.run`): `stageRowCapacity`
    /// rows of three vectors each.
    private(set) var stageRows: UnsafeMutablePointer<Vector>
    private(set) var stageRowCapacity = 0
    /// Local maxima found in each lane's segment: lane k's start at
    /// `maxima + k * maximaPerLane`, `maximaCounts[k]` of them. Plain memory,
    /// not arrays: an append is a store, with no uniqueness or capacity check.
    private(set) var maxima: UnsafeMutablePointer<LocalMaximum>
    private(set) var maximaPerLane = 0
    let maximaCounts: UnsafeMutablePointer<Int>
    /// Where each lane's search for maxima ends (a row number), set per run.
    let scanEnds: UnsafeMutablePointer<Int>

    init() {
        quantized = .allocate(capacity: 1)
        stageRows = .allocate(capacity: 1)
        maxima = .allocate(capacity: 1)
        maximaCounts = .allocate(capacity: SegmentedFeatureKernel.lanes)
        maximaCounts.initialize(repeating: 0, count: SegmentedFeatureKernel.lanes)
        scanEnds = .allocate(capacity: SegmentedFeatureKernel.lanes)
        scanEnds.initialize(repeating: 0, count: SegmentedFeatureKernel.lanes)
    }

    deinit {
        quantized.deallocate()
        stageRows.deallocate()
        maxima.deallocate()
        maximaCounts.deallocate()
        scanEnds.deallocate()
    }

    /// Makes room for `samples` quantised samples, `stageRows` rows of the
    /// stages and `maximaPerLane` local maxima per lane, and empties the
    /// maxima.
    func prepare(samples: Int, stageRows rows: Int, maximaPerLane: Int) {
        if samples > quantizedCapacity {
            quantized.deallocate()
            quantizedCapacity = samples + samples / 8
            quantized = .allocate(capacity: quantizedCapacity)
        }
        if rows > stageRowCapacity {
            stageRows.deallocate()
            stageRowCapacity = rows
            stageRows = .allocate(capacity: 3 * rows)
        }
        if maximaPerLane > self.maximaPerLane {
            maxima.deallocate()
            // Some slack so that records of nearly equal length share buffers.
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
        quantizedCapacity * MemoryLayout<Int16>.stride
            + 3 * stageRowCapacity * MemoryLayout<Vector>.stride
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
