import Foundation

/// Reads a WFDB record (header plus signal files, or the segments of a
/// multi-segment record) into an `ECGRecord`, verifying checksums.
enum WFDBRecordReader {
    /// The header path and folder of a record named `DIR/NAME` or `DIR/NAME.hea`.
    static func locate(_ recordPath: String) -> (header: String, folder: String, name: String) {
        let header = WFDB.recordPath(recordPath) + ".hea"
        let url = URL(fileURLWithPath: header)
        let folder = url.deletingLastPathComponent().path
        return (header, folder, String(url.lastPathComponent.dropLast(4)))
    }

    /// Reads the record at `recordPath`; with `selected`, only those signals
    /// (in that order) are kept, and a file of format 212 with two signals
    /// (MIT-BIH) stores only the kept one while both checksums are verified.
    static func read(_ recordPath: String, leads selected: [Int]? = nil) throws -> ECGRecord {
        let (headerPath, folder, _) = locate(recordPath)
        let header = try WFDBHeader(contentsOf: headerPath)
        if header.isMultiSegment {
            let record = try readMultiSegment(header, headerPath: headerPath, folder: folder)
            guard let selected else { return record }
            try check(selected, signalCount: record.leads.count, headerPath: headerPath)
            return ECGRecord(name: record.name, samplingFrequency: record.samplingFrequency,
                             leads: selected.map { record.leads[$0] }, samples: selected.map { record.samples[$0] },
                             comments: record.comments)
        }
        if let selected { try check(selected, signalCount: header.signals.count, headerPath: headerPath) }
        return try read(header, headerPath: headerPath, folder: folder, keeping: selected) { try FileAccess.read($0) }
    }

    /// Throws unless every selected signal number names a signal of the record.
    private static func check(_ selected: [Int], signalCount: Int, headerPath: String) throws {
        guard signalCount > 0 else { throw ECGSignalError(path: headerPath, reason: "the record has no signals") }
        if let wrong = selected.first(where: { !(0..<signalCount).contains($0) }) {
            throw ECGSignalError(path: headerPath, reason: "no lead \(wrong); the record has \(signalCount) (0…\(signalCount - 1))")
        }
    }

    /// Reads an ordinary record whose signal files `load` returns by path,
    /// keeping the signals `selected` (all when nil) in its order.
    static func read(
        _ header: WFDBHeader,
        headerPath: String,
        folder: String,
        keeping selected: [Int]? = nil,
        load: (String) throws -> Data
    ) throws -> ECGRecord {
        let signals = header.signals
        let samplesPerFrame = signals.first?.samplesPerFrame ?? 1
        // Signals at a multiple of the base rate are read at that rate when all
        // signals share it; a record mixing rates does not fit one ECGRecord.
        if let odd = signals.first(where: { $0.samplesPerFrame != samplesPerFrame }) {
            throw ECGSignalError(
                path: headerPath, location: .line(odd.line),
                reason: "signal '\(odd.description ?? odd.fileName)' has \(odd.samplesPerFrame) samples per frame, signal 0 has \(samplesPerFrame); records mixing sampling frequencies are not supported"
            )
        }
        // Signals sharing a file are consecutive signal lines.
        var groups: [Range<Int>] = []
        var start = 0
        for index in signals.indices where index == signals.count - 1 || signals[index + 1].fileName != signals[index].fileName {
            groups.append(start..<(index + 1))
            start = index + 1
        }
        struct Group {
            var signals: Range<Int>
            var path: String
            var data: Data
            var availableFrames: Int
            var maximumSkew: Int
        }
        var loaded: [Group] = []
        for range in groups {
            let first = signals[range.lowerBound]
            for index in range where signals[index].format != first.format {
                throw ECGSignalError(path: headerPath, location: .line(signals[index].line),
                                     reason: "signals sharing \(first.fileName) must share one format")
            }
            if first.format == .null {
                loaded.append(Group(signals: range, path: first.fileName, data: Data(), availableFrames: Int.max, maximumSkew: 0))
                continue
            }
            guard first.fileName != "~", !first.fileName.contains("\0") else {
                throw ECGSignalError(path: headerPath, location: .line(first.line), reason: "signal has no signal file ('~')")
            }
            let path = first.fileName.hasPrefix("/") ? first.fileName : folder + "/" + first.fileName
            let data = try load(path)
            let samplesInFrame = range.count * samplesPerFrame
            let payload = data.count - min(first.byteOffset, data.count)
            if first.byteOffset > data.count {
                throw ECGSignalError(path: path, location: .byteOffset(data.count),
                                     reason: "file is shorter than the byte offset \(first.byteOffset) given in the header")
            }
            let available = first.format.sampleCount(forBytes: payload) / samplesInFrame
            let skew = range.map { signals[$0].skew }.max() ?? 0
            loaded.append(Group(signals: range, path: path, data: data, availableFrames: available, maximumSkew: skew))
        }
        let length: Int
        if let declared = header.length {
            length = declared
            for group in loaded where group.availableFrames < declared {
                let format = signals[group.signals.lowerBound].format
                let needed = format.byteCount(forSamples: declared.multipliedReportingOverflow(by: group.signals.count * samplesPerFrame).partialValue) ?? Int.max
                throw ECGSignalError(
                    path: group.path, location: .byteOffset(group.data.count),
                    reason: "truncated: the header gives \(declared) samples per signal, which need \(needed &+ signals[group.signals.lowerBound].byteOffset) bytes; the file ends after \(group.availableFrames) samples"
                )
            }
            // Null signals have no file to bound them.
            if loaded.contains(where: { $0.availableFrames == Int.max }), declared > maximumNullSegmentLength {
                throw ECGSignalError(path: headerPath, location: .line(1),
                                     reason: "\(declared) samples of null signals exceed the supported \(maximumNullSegmentLength)")
            }
        } else {
            length = loaded.map(\.availableFrames).filter { $0 != Int.max }.min() ?? 0
        }
        let (sampleCount, overflow) = length.multipliedReportingOverflow(by: samplesPerFrame)
        guard !overflow, sampleCount <= Int(Int32.max) * 64 else {
            throw ECGSignalError(path: headerPath, reason: "record too long (\(length) samples per signal)")
        }

        // Decode each file straight into its leads' arrays: one copy of the
        // samples. A signal left out has no array when the decoder summed it
        // over exactly the samples its checksum covers.
        var kept = [Bool](repeating: selected == nil, count: signals.count)
        for index in selected ?? [] { kept[index] = true }
        var leadSamples = [[Int32]?](repeating: nil, count: signals.count)
        // The wrapping sums of the leads the decoder summed as it went, when
        // it decoded exactly the samples the checksum covers.
        var decodedSums = [Int32?](repeating: nil, count: signals.count)
        for group in loaded {
            let format = signals[group.signals.lowerBound].format
            let frames = min(group.availableFrames, length &+ group.maximumSkew)
            let perLead = frames * samplesPerFrame
            let offset = signals[group.signals.lowerBound].byteOffset
            let keptInGroup = group.signals.filter { kept[$0] }
            if format == .format212, group.signals.count == 2, samplesPerFrame == 1, frames > 0,
               perLead == sampleCount, keptInGroup.count < 2 {
                var sums = (first: Int32(0), second: Int32(0))
                let arrays = withUninitializedArrays(count: keptInGroup.count, capacity: perLead) { pointers in
                    group.data.withUnsafeBytes { raw in
                        let base = raw.baseAddress!.advanced(by: offset).assumingMemoryBound(to: UInt8.self)
                        let keepsFirst = keptInGroup.first == group.signals.lowerBound
                        sums = WFDBSignalDecoder.decode212TwoSignals(
                            base, keepsFirst ? pointers.first : nil, keepsFirst ? nil : pointers.first, frames)
                    }
                }
                if let index = keptInGroup.first { leadSamples[index] = arrays[0] }
                decodedSums[group.signals.lowerBound] = sums.first
                decodedSums[group.signals.lowerBound + 1] = sums.second
                continue
            }
            var sums: [Int32]?
            let arrays = withUninitializedArrays(count: group.signals.count, capacity: perLead) { pointers in
                group.data.withUnsafeBytes { raw in
                    let bytes = UnsafeRawBufferPointer(rebasing: raw[offset...])
                    sums = WFDBSignalDecoder.decode(
                        bytes, format: format,
                        slots: pointers.map { .init(destination: $0, samplesPerFrame: samplesPerFrame) },
                        frameCount: frames
                    )
                }
            }
            for (offset, values) in arrays.enumerated() {
                leadSamples[group.signals.lowerBound + offset] = values
                if let sums, perLead == sampleCount { decodedSums[group.signals.lowerBound + offset] = sums[offset] }
            }
        }

        // Difference format, checksums, skew.
        for (index, spec) in signals.enumerated() {
            if spec.format == .format8, leadSamples[index] != nil {
                var running = Int32(truncatingIfNeeded: spec.effectiveInitialValue)
                leadSamples[index]!.withUnsafeMutableBufferPointer { values in
                    for position in values.indices {
                        running &+= values[position]
                        values[position] = running
                    }
                }
            }
            if header.length != nil, let expected = spec.checksum {
                let actual = decodedSums[index].map { Int(Int16(truncatingIfNeeded: $0)) }
                    ?? WFDBSignalEncoder.checksum(leadSamples[index] ?? [], count: sampleCount)
                if Int16(truncatingIfNeeded: expected) != Int16(truncatingIfNeeded: actual) {
                    throw ECGSignalError(
                        path: headerPath, location: .line(spec.line),
                        reason: "checksum mismatch for signal \(index) (\(spec.description ?? "no description")) in \(spec.fileName): the header says \(expected), the samples sum to \(actual)"
                    )
                }
            }
            guard kept[index], var samples = leadSamples[index] else { continue }
            leadSamples[index] = nil   // one reference, so that the edits below do not copy
            let skew = spec.skew * samplesPerFrame
            if skew > 0 {
                samples.removeFirst(min(skew, samples.count))
            }
            if samples.count > sampleCount {
                samples.removeLast(samples.count - sampleCount)
            } else if samples.count < sampleCount {
                // A skewed signal whose file ends before the record does.
                samples.append(contentsOf: repeatElement(WFDB.invalidSample, count: sampleCount - samples.count))
            }
            leadSamples[index] = samples
        }
        let order = selected ?? Array(signals.indices)
        return ECGRecord(
            name: header.recordName,
            samplingFrequency: header.samplingFrequency * Double(samplesPerFrame),
            leads: order.map { signals[$0].lead },
            samples: order.map { leadSamples[$0] ?? [] },
            comments: header.comments
        )
    }

    /// Calls `body` with `count` uninitialised buffers of `capacity` Int32 each
    /// (which `body` must fill) and returns them as arrays, without copying.
    static func withUninitializedArrays(
        count: Int, capacity: Int,
        _ body: ([UnsafeMutablePointer<Int32>]) -> Void
    ) -> [[Int32]] {
        var result: [[Int32]] = []
        result.reserveCapacity(count)
        func nest(_ pointers: [UnsafeMutablePointer<Int32>]) {
            if pointers.count == count {
                body(pointers)
                return
            }
            // Arrays are created innermost-last; collect them in order afterwards.
            let array = [Int32](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                if capacity > 0, let base = buffer.baseAddress {
                    prefault(base, bytes: capacity * MemoryLayout<Int32>.stride)
                    nest(pointers + [base])
                } else {
                    nest(pointers + [UnsafeMutablePointer<Int32>(bitPattern: 16)!])
                }
                initialized = capacity
            }
            result.insert(array, at: 0)
        }
        nest([])
        return result
    }

    /// Asks the kernel to map a large fresh buffer's pages in one call.
    ///
    /// A 30-minute two-lead record needs 5 MB of new pages; taking them one
    /// page fault at a time cost as much as decoding (measured: 2.3 ms per
    /// decode of MIT-BIH 101 without, 1.3 ms with `MADV_POPULATE_WRITE`, Linux
    /// 5.14+; older kernels refuse the advice and nothing changes).
    ///
    /// A buffer whose last page is already mapped is taken to be a reused
    /// block (a tool reading record after record keeps freed memory,
    /// `rhythmstrip_keep_freed_record_memory`) and left alone: the advice
    /// still walks and pins every page, about 0.1 ms per 2.6 MB lead.
    /// (The heap grows upwards, so a block only partly reused has its fresh
    /// pages at the end.)
    static func prefault(_ base: UnsafeMutablePointer<Int32>, bytes: Int) {
        #if os(Linux)
        let page = 4096
        guard bytes >= 1 << 20 else { return }
        let start = (Int(bitPattern: base) + page - 1) & ~(page - 1)
        let end = (Int(bitPattern: base) + bytes) & ~(page - 1)
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start),
              let last = UnsafeMutableRawPointer(bitPattern: end - page) else { return }
        var resident: UInt8 = 0
        if mincore(last, page, &resident) == 0, resident & 1 == 1 { return }
        let populateWrite: Int32 = 23   // MADV_POPULATE_WRITE, <linux/mman.h>
        _ = madvise(pointer, end - start, populateWrite)
        #endif
    }

    // MARK: Multi-segment records

    /// The longest multi-segment record read, in samples per signal (2^31).
    static let maximumMultiSegmentLength = 1 << 31
    /// The longest null segment (a gap without files), 2^26 samples: 6 days at 125 Hz.
    static let maximumNullSegmentLength = 1 << 26

    static func readMultiSegment(_ header: WFDBHeader, headerPath: String, folder: String) throws -> ECGRecord {
        var layout: WFDBHeader?
        var segments = header.segments[...]
        if let first = segments.first, first.length == 0, !first.isNull {
            layout = try WFDBHeader(contentsOf: folder + "/" + first.recordName + ".hea")
            segments = segments.dropFirst()
        }
        // Null segments have no files to bound them: cap what they may allocate.
        var total = 0
        for segment in segments {
            let (sum, overflow) = total.addingReportingOverflow(segment.length)
            guard !overflow, sum <= maximumMultiSegmentLength else {
                throw ECGSignalError(path: headerPath, location: .line(segment.line),
                                     reason: "segments add up to more than \(maximumMultiSegmentLength) samples per signal")
            }
            if segment.isNull, segment.length > maximumNullSegmentLength {
                throw ECGSignalError(path: headerPath, location: .line(segment.line),
                                     reason: "null segment of \(segment.length) samples exceeds the supported \(maximumNullSegmentLength)")
            }
            total = sum
        }
        var leads: [Lead]? = layout?.signals.map(\.lead)
        var samples: [[Int32]] = []
        if let leads { samples = leads.map { _ in [Int32]() } }
        func prepare(_ count: Int) {
            if samples.count < count {
                samples += (samples.count..<count).map { _ in
                    var values = [Int32](repeating: WFDB.invalidSample, count: samples.first?.count ?? 0)
                    values.reserveCapacity(total)
                    return values
                }
            }
        }
        prepare(header.signalCount)
        for index in samples.indices { samples[index].reserveCapacity(total) }
        for segment in segments {
            if segment.isNull || segment.length == 0 {
                for index in samples.indices {
                    samples[index].append(contentsOf: repeatElement(WFDB.invalidSample, count: segment.length))
                }
                continue
            }
            let segmentHeaderPath = folder + "/" + segment.recordName + ".hea"
            let segmentHeader = try WFDBHeader(contentsOf: segmentHeaderPath)
            guard !segmentHeader.isMultiSegment else {
                throw ECGSignalError(path: segmentHeaderPath, reason: "a segment cannot itself have segments")
            }
            guard segmentHeader.length == segment.length else {
                throw ECGSignalError(
                    path: headerPath, location: .line(segment.line),
                    reason: "segment \(segment.recordName) has length \(segment.length) here but \(segmentHeader.length ?? 0) in its header"
                )
            }
            let record = try read(segmentHeader, headerPath: segmentHeaderPath, folder: folder) { try FileAccess.read($0) }
            guard record.samplingFrequency == header.samplingFrequency else {
                throw ECGSignalError(path: segmentHeaderPath, reason: "segment sampling frequency \(record.samplingFrequency) differs from the record's \(header.samplingFrequency)")
            }
            if let layoutLeads = leads, layout != nil {
                // Variable layout: place signals by description, converting
                // to the layout's gain and baseline.
                for (index, lead) in layoutLeads.enumerated() {
                    if let source = record.leads.firstIndex(where: { $0.name == lead.name }) {
                        let from = record.leads[source]
                        if from.effectiveGain == lead.effectiveGain && from.baseline == lead.baseline {
                            samples[index].append(contentsOf: record.samples[source])
                        } else {
                            let scale = lead.effectiveGain / from.effectiveGain
                            samples[index].append(contentsOf: record.samples[source].map { value in
                                if value == WFDB.invalidSample { return value }
                                let converted = (Double(value) - Double(from.baseline)) * scale + Double(lead.baseline)
                                return Int32(exactly: converted.rounded()) ?? WFDB.invalidSample
                            })
                        }
                    } else {
                        samples[index].append(contentsOf: repeatElement(WFDB.invalidSample, count: segment.length))
                    }
                }
            } else {
                guard record.leads.count == header.signalCount else {
                    throw ECGSignalError(path: segmentHeaderPath, reason: "segment has \(record.leads.count) signals, the record \(header.signalCount)")
                }
                if leads == nil { leads = record.leads }
                for index in record.samples.indices { samples[index].append(contentsOf: record.samples[index]) }
            }
        }
        return ECGRecord(
            name: header.recordName,
            samplingFrequency: header.samplingFrequency,
            leads: leads ?? (0..<header.signalCount).map { Lead(name: "signal \($0)") },
            samples: Array(samples.prefix(leads?.count ?? header.signalCount)),
            comments: header.comments
        )
    }
}
