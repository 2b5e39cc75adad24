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

/// A roster file read one record at a time with CSV.swift from an `InputStream`, so memory does
/// not grow with the file; each record is checked by `RosterFile`'s rules as it is read. Whether
/// a student ID comes twice is for the importer to see (it is the one that holds them all).
/// Blocking, and not for sharing between threads.
public final class RosterReader {
    private let path: String
    private let csv: CSVReader
    private let columns: [Int?]
    private let width: Int
    /// The last line read so far.
    private var line: Int

    init(path: String) throws {
        try RosterEncoding.check(path: path)
        self.path = path
        guard let stream = InputStream(fileAtPath: path) else { throw RosterError(problems: ["cannot read \(path)"]) }
        do {
            csv = try CSVReader(stream: stream, hasHeaderRow: false)
        } catch {
            throw RosterError(problems: ["cannot read \(path): \(error)"])
        }
        guard let header = csv.next() else { throw RosterError(problems: ["the file is empty"]) }
        line = 1 + RosterFile.newlines(in: header)
        columns = try RosterFile.columns(of: header)
        width = header.count
    }

    /// The next record, or nil at the end of the file. Blank lines are skipped.
    public func next() throws -> RosterEntry? {
        while let fields = csv.next() {
            if let failure { throw RosterError(problems: [RosterError.problem(line: line + 1, "cannot read \(path): \(failure)")]) }
            line += 1
            let start = line
            line += RosterFile.newlines(in: fields)
            if fields.count == 1 && fields[0].isEmpty { continue }
            switch RosterFile.check(fields, columns: columns, header: width) {
            case .failure(let problem): return .problem(line: start, reason: problem.reason)
            case .success(let row): return .row(row, line: start)
            }
        }
        if let failure { throw RosterError(problems: [RosterError.problem(line: line + 1, "cannot read \(path): \(failure)")]) }
        return nil
    }

    /// What went wrong reading the stream, if anything: CSV.swift reports its end as `cannotReadFile`.
    private var failure: (any Error)? {
        guard let error = csv.error else { return nil }
        if case CSVError.cannotReadFile = error { return nil }
        return error
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
