import CSV
import Foundation

/// The students a roster gives, one record at a time: a roster CSV file's (`RosterReader`) or a
/// OneRoster export's (`OneRosterReader`). Blocking, and not for sharing between threads.
public protocol RosterRecords: AnyObject {
    /// The next record, or nil at the end.
    func next() throws -> RosterEntry?
}

/// One record of a roster file, in file order: a checked row, or the problem with it. `line`
/// is the line the record starts on.
public enum RosterEntry: Equatable, Sendable {
    case row(RosterRow, line: Int)
    case problem(line: Int, reason: String)
}

/// A roster file read one record at a time, so memory does not grow with the file: it is read
/// in blocks of whole records (`RosterBlocks`), and each block is parsed by CSV.swift from a
/// string (its string reader is about twice as fast as its stream reader). Each record is
/// checked by `RosterFile`'s rules as it is read; a record on a line that is not UTF-8 is that
/// problem alone. Whether a student ID comes twice is for the importer to see (it is the one
/// that holds them all). Blocking, and not for sharing between threads.
public final class RosterReader: RosterRecords {
    private var blocks: RosterBlocks
    private var csv: CSVReader
    /// The lines of the block being parsed that are not UTF-8.
    private var invalidLines: Set<Int>
    private let columns: [Int?]
    private let width: Int
    /// The last line read so far.
    private var line: Int

    init(path: String) throws {
        blocks = try RosterBlocks(path: path)
        let first = try Self.next(&blocks, after: 0) ?? RosterBlock(text: "", invalidLines: [])
        if first.invalidLines.contains(0) { throw RosterError(problems: [RosterEncoding.problem(line: 1)]) }
        csv = try Self.parser(of: first.text)
        invalidLines = Set(first.invalidLines.map { $0 + 1 })
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
            if !invalidLines.isEmpty, let bad = (start...line).first(where: invalidLines.contains) {
                return .problem(line: bad, reason: RosterEncoding.reason)
            }
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
            guard let block = try Self.next(&blocks, after: line) else { return nil }
            csv = try Self.parser(of: block.text)
            invalidLines = Set(block.invalidLines.map { line + 1 + $0 })
        }
    }

    /// The next block of `blocks`, the lines before it being `line`; a record that does not end
    /// is named by its line.
    private static func next(_ blocks: inout RosterBlocks, after line: Int) throws -> RosterBlock? {
        do {
            return try blocks.next()
        } catch let tooLong as RosterBlocks.RecordTooLong {
            let reason = tooLong.unclosedQuote
                ? "a double quote (\") opens a field that is never closed (quote a whole field, and write a quote inside one twice)"
                : "a record longer than \(RosterBlocks.longestRecord >> 20) MiB"
            throw RosterError(problems: [RosterError.problem(line: line + 1 + tooLong.line, reason)])
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

/// How a line that is not UTF-8 is named.
enum RosterEncoding {
    static let reason = "not valid UTF-8 (save the file as UTF-8)"

    static func problem(line: Int) -> String { RosterError.problem(line: line, reason) }
}
