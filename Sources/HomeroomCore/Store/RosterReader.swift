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

    /// The line the record starts on.
    var line: Int {
        switch self {
        case .row(_, let line), .problem(let line, _): line
        }
    }

    /// The same record, its line moved on by `lines`.
    func moved(by lines: Int) -> RosterEntry {
        switch self {
        case .row(let row, let line): .row(row, line: line + lines)
        case .problem(let line, let reason): .problem(line: line + lines, reason: reason)
        }
    }
}

/// A roster CSV file read one block of whole records at a time, so memory does not grow with
/// the file (`RosterBlocks`). Each block is parsed by CSV.swift from a string (its string
/// reader is about twice as fast as its stream reader) and each record checked by `RosterFile`'s
/// rules; a record on a line that is not UTF-8 is that problem alone. Blocks are parsed apart
/// from each other (`RosterPieces`), so the read-ahead parses two at once; their lines are
/// counted from the block's start and moved on in file order. Whether a student ID comes twice
/// is for the importer to see (it is the one that holds them all). Blocking, and not for sharing
/// between threads.
public final class RosterReader: RosterRecords, RosterPieces {
    private var blocks: RosterBlocks
    private let layout: RosterLayout
    /// The first block, parsed with the header.
    private var first: RosterPiece?
    /// For `next()`: the records of the block being read, the lines before it and its own.
    private var current: IndexingIterator<[RosterEntry]> = [].makeIterator()
    private var linesBefore = 0
    private var currentLines = 0
    private var unreadable: RosterError?
    /// A record too long was met: nothing is read after it.
    private var stopped = false

    init(path: String) throws {
        blocks = try RosterBlocks(path: path)
        let block: RosterBlock?
        do {
            block = try blocks.next()
        } catch let tooLong as RosterBlocks.RecordTooLong {
            throw RosterError(problems: [RosterError.problem(line: 1 + tooLong.line, tooLong.reason)])
        }
        let text = block ?? RosterBlock(text: "", invalidLines: [])
        if text.invalidLines.contains(0) { throw RosterError(problems: [RosterEncoding.problem(line: 1)]) }
        let csv = try Self.parser(of: text.text)
        guard let header = csv.next() else { throw RosterError(problems: ["the file is empty"]) }
        layout = RosterLayout(columns: try RosterFile.columns(of: header), width: header.count)
        first = layout.parse(csv, of: text, linesBefore: RosterFile.newlines(in: header) + 1)
    }

    /// The next record, or nil at the end of the file. Blank lines are skipped.
    public func next() throws -> RosterEntry? {
        while true {
            if let entry = current.next() { return entry.moved(by: linesBefore) }
            if let unreadable { throw unreadable }
            guard let parse = try nextPiece() else { return nil }
            let piece = parse()
            current = piece.entries.makeIterator()
            linesBefore += currentLines
            currentLines = piece.lines
            unreadable = piece.error(after: linesBefore)
        }
    }

    /// The next block's parse, in file order; nil after the last, and after a record too long
    /// to read on from.
    public func nextPiece() throws -> (@Sendable () -> RosterPiece)? {
        if let first {
            self.first = nil
            return { first }
        }
        if stopped { return nil }
        do {
            guard let block = try blocks.next() else { return nil }
            return { [layout] in
                do {
                    return layout.parse(try Self.parser(of: block.text), of: block, linesBefore: 0)
                } catch {
                    return RosterPiece(entries: [], lines: 0, unreadable: (1, "cannot be read as CSV: \(error)"))
                }
            }
        } catch let tooLong as RosterBlocks.RecordTooLong {
            stopped = true
            return { RosterPiece(entries: [], lines: 0, unreadable: (1 + tooLong.line, tooLong.reason)) }
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

/// Where a roster CSV's columns are (`RosterFile.columns`) and how many its header has: what
/// parsing a block of its records needs.
struct RosterLayout: Sendable {
    let columns: [Int?]
    let width: Int

    /// The records `csv` gives of `block`, checked, their lines counted from the block's start
    /// (whose lines before the first record are `linesBefore`). Only a quoted field holds a line
    /// break, so a block without a quote mark has one line per record.
    func parse(_ csv: CSVReader, of block: RosterBlock, linesBefore: Int) -> RosterPiece {
        let invalidLines = Set(block.invalidLines)
        let quoted = block.text.utf8.contains(0x22)
        var entries: [RosterEntry] = []
        entries.reserveCapacity(block.text.utf8.count / 48)
        var line = linesBefore
        while let fields = csv.next() {
            line += 1
            let start = line
            if quoted { line += RosterFile.newlines(in: fields) }
            if !invalidLines.isEmpty, let bad = (start...line).first(where: { invalidLines.contains($0 - 1) }) {
                entries.append(.problem(line: bad, reason: RosterEncoding.reason))
                continue
            }
            if fields.count == 1 && fields[0].isEmpty { continue }
            switch RosterFile.check(fields, columns: columns, header: width) {
            case .failure(let problem): entries.append(.problem(line: start, reason: problem.reason))
            case .success(let row): entries.append(.row(row, line: start))
            }
        }
        return RosterPiece(entries: entries, lines: line, unreadable: nil)
    }
}

/// How a line that is not UTF-8 is named.
enum RosterEncoding {
    static let reason = "not valid UTF-8 (save the file as UTF-8)"

    static func problem(line: Int) -> String { RosterError.problem(line: line, reason) }
}
