import Foundation

/// A roster's rows sorted by student ID without holding the file in memory (an external merge
/// sort): rows are written in runs, each sorted by ID and then place in the file, to a
/// temporary file, and read back with the runs merged, so the tables are written in key order,
/// each of their pages once. (Inserted run by run, every run spread over the whole staging
/// table and the pages its cache could not keep were read back and written again: a million
/// rows read and wrote 2.7 GB of files, against 1.0 GB now, the database and its WAL included.)
/// The file is created 0600 in `directory` and unlinked at once: it is gone when closed, even
/// if the process is killed.
final class RosterSortedRuns {
    /// The bytes read from a run at a time.
    static let readSize = 64 * 1024

    /// Where SQLite puts its temporary files too (`SQLITE_TMPDIR`, `TMPDIR`, then `/var/tmp`,
    /// `/usr/tmp`, `/tmp`: the first that is a writable directory), which is on disk where
    /// `/tmp` is a RAM file system.
    static let directory: String = {
        let environment = ProcessInfo.processInfo.environment
        let candidates = [environment["SQLITE_TMPDIR"], environment["TMPDIR"], "/var/tmp", "/usr/tmp", "/tmp"].compactMap { $0 }
        return candidates.first { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
                && FileManager.default.isWritableFile(atPath: path)
        } ?? "."
    }()

    private let descriptor: Int32
    /// Where each run lies in the file.
    private var runs: [Range<Int>] = []
    private var size = 0
    private var bytes: [UInt8] = []

    init() throws {
        var template = Array((Self.directory + "/homeroom-roster-XXXXXX").utf8CString)
        descriptor = mkstemp(&template)
        guard descriptor >= 0 else { throw Self.failure("cannot be created") }
        unlink(template)
    }

    deinit { close(descriptor) }

    /// Sorts `rows` by ID (then place) and writes them as the next run.
    func write(_ rows: [(row: RosterRow, line: Int)]) throws {
        guard !rows.isEmpty else { return }
        var order = rows.indices.map { UInt64(AppDatabase.studentNumber(rows[$0].row.studentID)) << 32 | UInt64($0) }
        order.sort()
        bytes.removeAll(keepingCapacity: true)
        for key in order {
            let (row, line) = rows[Int(key & 0xFFFF_FFFF)]
            StagedRecord.append(row, number: Int(key >> 32), line: line, to: &bytes)
        }
        try bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + done, buffer.count - done)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw Self.failure("cannot be written") }
                done += written
            }
        }
        runs.append(size..<size + bytes.count)
        size += bytes.count
    }

    /// Calls `body` with every record written, in ID order; those of one ID in file order.
    private func merge(_ body: (StagedRecord) throws -> Void) throws {
        bytes = []
        let readers = runs.map { RunReader(range: $0) }
        var heap = RunHeap()
        for index in readers.indices where try readers[index].advance(descriptor) {
            heap.push(index, number: readers[index].current.number)
        }
        while let index = heap.popMinimum() {
            try body(readers[index].current)
            if try readers[index].advance(descriptor) { heap.push(index, number: readers[index].current.number) }
        }
    }

    /// Calls `body` with the first record of each student ID, in ID order, while `problems` is
    /// empty (a file with problems is only checked); a later record of an ID is a problem,
    /// naming the line of the first.
    func mergeFirstRecords(problems: inout [(line: Int, text: String)], _ body: (StagedRecord) throws -> Void) throws {
        var first = (number: -1, line: 0)
        try merge { record in
            guard record.number != first.number else {
                let text = "duplicate student_id \(record.studentID) (first on line \(first.line))"
                return problems.append((record.line, RosterError.problem(line: record.line, text)))
            }
            first = (record.number, record.line)
            if problems.isEmpty { try body(record) }
        }
    }

    /// The error of a temporary file that failed, saying where and why.
    static func failure(_ what: String, _ reason: String = String(cString: strerror(errno))) -> RosterStagingError {
        RosterStagingError(description: "the roster's temporary file in \(directory) \(what): \(reason)"
                           + " (SQLITE_TMPDIR or TMPDIR can name a directory with room)")
    }
}

/// A temporary file of the import that failed (full disk, no temporary directory).
struct RosterStagingError: Error, CustomStringConvertible {
    let description: String
}

/// One run read back a buffer at a time; `current` is the record last read, in the buffer.
private final class RunReader {
    private var next: Int
    private let end: Int
    private var memory = UnsafeMutableRawBufferPointer.allocate(byteCount: RosterSortedRuns.readSize, alignment: 8)
    /// The unread bytes are `memory[start..<filled]`.
    private var start = 0
    private var filled = 0
    private(set) var current = StagedRecord(number: 0, line: 0, fields: UnsafeRawBufferPointer(start: nil, count: 0))

    init(range: Range<Int>) { (next, end) = (range.lowerBound, range.upperBound) }

    deinit { memory.deallocate() }

    /// Reads the next record into `current`; false at the end of the run.
    func advance(_ descriptor: Int32) throws -> Bool {
        guard try available(4, descriptor) else { return false }
        let length = Int(memory.loadUnaligned(fromByteOffset: start, as: UInt32.self).littleEndian)
        guard try available(4 + length, descriptor) else { throw RosterSortedRuns.failure("is cut short", "it is shorter than written") }
        current = StagedRecord(UnsafeRawBufferPointer(rebasing: memory[start + 4..<start + 4 + length]))
        start += 4 + length
        return true
    }

    /// Whether `count` unread bytes are in memory, reading more of the run if need be (into a
    /// larger buffer for a record larger than it); false at the end of the run.
    private func available(_ count: Int, _ descriptor: Int32) throws -> Bool {
        if filled - start >= count { return true }
        if next == end { return false }
        let unread = filled - start
        if count > memory.count {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 2 * memory.count), alignment: 8)
            larger.copyMemory(from: UnsafeRawBufferPointer(rebasing: memory[start..<filled]))
            memory.deallocate()
            memory = larger
        } else if unread > 0 {
            memory.baseAddress!.copyMemory(from: memory.baseAddress! + start, byteCount: unread)
        }
        (start, filled) = (0, unread)
        let want = min(end - next, memory.count - filled)
        var done = 0
        while done < want {
            let read = pread(descriptor, memory.baseAddress! + filled + done, want - done, off_t(next + done))
            if read < 0 && errno == EINTR { continue }
            guard read > 0 else { throw RosterSortedRuns.failure("cannot be read") }
            done += read
        }
        (filled, next) = (filled + want, next + want)
        return filled - start >= count
    }
}

/// The runs whose current records are yet to be merged, least student ID first (then the
/// earlier run: the runs are in file order).
private struct RunHeap {
    private var entries: [(number: Int, run: Int)] = []

    private func less(_ a: Int, _ b: Int) -> Bool {
        (entries[a].number, entries[a].run) < (entries[b].number, entries[b].run)
    }

    mutating func push(_ run: Int, number: Int) {
        entries.append((number, run))
        var child = entries.count - 1
        while child > 0, less(child, (child - 1) / 2) {
            entries.swapAt(child, (child - 1) / 2)
            child = (child - 1) / 2
        }
    }

    mutating func popMinimum() -> Int? {
        guard let first = entries.first else { return nil }
        entries.swapAt(0, entries.count - 1)
        entries.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var least = parent
            if left < entries.count, less(left, least) { least = left }
            if right < entries.count, less(right, least) { least = right }
            if least == parent { return first.run }
            entries.swapAt(parent, least)
            parent = least
        }
    }
}
