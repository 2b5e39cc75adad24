import CSV
import Foundation

/// A roster CSV file to import, named by its path. Sendable, so it can be handed to the thread
/// that reads it; `open()` starts the reading.
public struct RosterSource: Sendable, Equatable {
    public let path: String

    public init(path: String) { self.path = path }

    /// Checks the encoding and the header and returns the reader of the rows. Blocking: it
    /// reads the whole file once (in chunks) to name every line that is not UTF-8.
    public func open() throws -> RosterReader { try RosterReader(path: path) }
}

/// One record of a roster file, in file order: a checked row, or the problem with it. `line`
/// is the line the record starts on.
public enum RosterEntry: Equatable {
    case row(RosterRow, line: Int)
    case problem(line: Int, reason: String)
}

/// A roster file read one record at a time, so memory does not grow with the file: it is read
/// in blocks of whole records (`RosterBlocks`), and each block is parsed by CSV.swift from a
/// string (its string reader is about twice as fast as its stream reader). Each record is
/// checked by `RosterFile`'s rules as it is read. Whether a student ID comes twice is for the
/// importer to see (it is the one that holds them all). Blocking, and not for sharing between threads.
public final class RosterReader {
    private var blocks: RosterBlocks
    private var csv: CSVReader
    private let columns: [Int?]
    private let width: Int
    /// The last line read so far.
    private var line: Int

    init(path: String) throws {
        try RosterEncoding.check(path: path)
        blocks = try RosterBlocks(path: path)
        csv = try Self.parser(of: blocks.next() ?? "")
        guard let header = csv.next() else { throw RosterError(problems: ["the file is empty"]) }
        line = 1 + RosterFile.newlines(in: header)
        columns = try RosterFile.columns(of: header)
        width = header.count
    }

    /// The next record, or nil at the end of the file. Blank lines are skipped.
    public func next() throws -> RosterEntry? {
        while let fields = try nextFields() {
            line += 1
            let start = line
            line += RosterFile.newlines(in: fields)
            if fields.count == 1 && fields[0].isEmpty { continue }
            switch RosterFile.check(fields, columns: columns, header: width) {
            case .failure(let problem): return .problem(line: start, reason: problem.reason)
            case .success(let row): return .row(row, line: start)
            }
        }
        return nil
    }

    private func nextFields() throws -> [String]? {
        while true {
            if let fields = csv.next() { return fields }
            guard let block = try blocks.next() else { return nil }
            csv = try Self.parser(of: block)
        }
    }

    private static func parser(of block: String) throws -> CSVReader {
        do {
            return try CSVReader(string: block, hasHeaderRow: false)
        } catch {
            throw RosterError(problems: ["cannot read the file as CSV: \(error)"])
        }
    }
}

/// A roster file as a run of blocks of about 1 MiB of whole records (RFC 4180), as strings: a
/// block ends at a line break outside quotes, found by counting quote marks (a quoted field's
/// own quotes come in pairs), so no record is cut in two. A UTF-8 byte order mark is dropped.
/// The file must be UTF-8 (`RosterEncoding.check`).
struct RosterBlocks {
    static let size = 1 << 20

    private let file: FileHandle
    private let path: String
    private var carried: [UInt8] = []
    private var atStart = true
    private var atEnd = false

    init(path: String) throws {
        guard let file = FileHandle(forReadingAtPath: path) else { throw RosterError(problems: ["cannot read \(path)"]) }
        self.file = file
        self.path = path
    }

    /// The next block, or nil after the last.
    mutating func next() throws -> String? {
        while !atEnd {
            let read: Data
            do {
                read = try file.read(upToCount: Self.size) ?? Data()
            } catch {
                throw RosterError(problems: ["cannot read \(path): \(error)"])
            }
            if read.isEmpty {
                atEnd = true
                try? file.close()
                break
            }
            carried.append(contentsOf: read)
            if atStart {
                if carried.count < 3 { continue }
                if carried.starts(with: [0xEF, 0xBB, 0xBF]) { carried.removeFirst(3) }
                atStart = false
            }
            if let end = Self.endOfLastRecord(in: carried) {
                let block = String(decoding: carried[..<end], as: UTF8.self)
                carried.removeFirst(end)
                return block
            }
        }
        guard !carried.isEmpty else { return nil }
        defer { carried = [] }
        return String(decoding: carried, as: UTF8.self)
    }

    /// The index after the last line feed of `bytes` outside quotes, if there is one.
    static func endOfLastRecord(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            var quoted = false
            var end: Int?
            for index in buffer.indices {
                switch buffer[index] {
                case 0x22: quoted.toggle()
                case 0x0A where !quoted: end = index + 1
                default: break
                }
            }
            return end
        }
    }
}

/// The check that a roster file is UTF-8, made before any row is read so that every line that
/// is not is named at once (as a whole-file check would), while reading 1 MiB at a time.
enum RosterEncoding {
    static let chunk = 1 << 20

    /// Throws `RosterError` naming each line that is not valid UTF-8, or that the file cannot be read.
    static func check(path: String) throws {
        guard let file = FileHandle(forReadingAtPath: path) else { throw RosterError(problems: ["cannot read \(path)"]) }
        defer { try? file.close() }
        var problems: [String] = []
        var line = 1
        var carried = Data()
        while true {
            let read: Data
            do {
                read = try file.read(upToCount: chunk) ?? Data()
            } catch {
                throw RosterError(problems: ["cannot read \(path): \(error)"])
            }
            var block = carried
            block.append(read)
            // Cut after the last ASCII byte: no UTF-8 sequence spans one, so each block stands alone.
            if !read.isEmpty {
                guard let last = block.lastIndex(where: { $0 < 0x80 }) else { carried = block; continue }
                carried = Data(block[(last + 1)...])
                block.removeSubrange((last + 1)...)
            }
            line = checkBlock(block, startingOn: line, into: &problems)
            if read.isEmpty { break }
        }
        if !problems.isEmpty { throw RosterError(problems: problems) }
    }

    /// Adds a problem for each line of `block` (which starts on `line`) that is not UTF-8, and
    /// returns the line the next block starts on.
    static func checkBlock(_ block: Data, startingOn line: Int, into problems: inout [String]) -> Int {
        if String(validating: block, as: UTF8.self) == nil {
            for (offset, segment) in block.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
            where String(validating: segment, as: UTF8.self) == nil {
                let problem = RosterError.problem(line: line + offset, "not valid UTF-8 (save the file as UTF-8)")
                if problems.last != problem { problems.append(problem) }
            }
        }
        return line + block.withUnsafeBytes { bytes in bytes.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 } }
    }
}
