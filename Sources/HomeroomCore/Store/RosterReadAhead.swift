import Foundation

/// Records of a roster in pieces that can be parsed apart: a roster CSV file's blocks
/// (`RosterReader`). The pieces are handed out in file order, one at a time; their parses may
/// run on several threads at once.
public protocol RosterPieces: AnyObject {
    /// The parse of the next piece, which any thread may run; nil after the last. Called by one
    /// thread at a time, in file order.
    func nextPiece() throws -> (@Sendable () -> RosterPiece)?
}

/// The records of one piece of a roster, their lines counted from the piece's start (the piece
/// that starts the file counts from the file's); `lines` is how many lines the piece spans.
public struct RosterPiece: Sendable {
    var entries: [RosterEntry]
    var lines: Int
    /// The file cannot be read on from this line of the piece, for this reason.
    var unreadable: (line: Int, reason: String)?

    /// Why the file cannot be read on, the lines before the piece being `linesBefore`.
    func error(after linesBefore: Int) -> RosterError? {
        unreadable.map { RosterError(problems: [RosterError.problem(line: linesBefore + $0.line, $0.reason)]) }
    }
}

/// Records a `RosterReadAhead` hands over: `entries` count their lines from the end of the
/// `linesBefore` lines that came before them (moving each to the file's line would copy it).
public struct RosterBatch: Sendable {
    public let entries: [RosterEntry]
    public let linesBefore: Int

    /// The entries with the file's own lines.
    public var lined: [RosterEntry] { linesBefore == 0 ? entries : entries.map { $0.moved(by: linesBefore) } }
}

/// A roster file read ahead on threads of their own: the CSV is parsed and checked while the
/// importer writes the batch read before. A roster CSV's blocks are parsed by two threads at
/// once (each block is a batch); another roster is read by one, in batches of `batchSize`
/// records. At most `depth` batches are read ahead, so memory stays flat whatever the file's
/// size. The threads are plain ones, never cooperative ones; they end with the file, or soon
/// after `cancel()`.
public final class RosterReadAhead: @unchecked Sendable {
    static let batchSize = 2_000
    static let depth = 3
    static let parsers = 2

    /// Used under `condition` only.
    private let pieces: any RosterPieces
    // Everything below is guarded by `condition`.
    private let condition = NSCondition()
    /// The next piece to hand a thread, and the next to give the importer.
    private var taken = 0
    private var given = 0
    /// Parsed pieces not yet given, by their place in the file.
    private var parsed: [Int: Result<RosterPiece, any Error>] = [:]
    /// The place of the end of the file, or of what stopped the reading, once a thread met it.
    private var end: Int?
    private var failure: (any Error)?
    private var cancelled = false
    /// The lines of the pieces given so far.
    private var linesGiven = 0

    init(_ records: any RosterRecords) {
        let threads: Int
        if let pieces = records as? any RosterPieces {
            (self.pieces, threads) = (pieces, Self.parsers)
        } else {
            (self.pieces, threads) = (RecordBatches(records), 1)
        }
        for number in 1...threads {
            let thread = Thread { [self] in parse() }
            thread.name = "homeroom roster reader \(number)"
            thread.start()
        }
    }

    /// The next batch, in file order; nil at the end of the file. Rethrows what stopped the reading.
    public func next() throws -> RosterBatch? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let failure { throw failure }
            if let result = parsed.removeValue(forKey: given) {
                given += 1
                condition.broadcast()
                let piece: RosterPiece
                do { piece = try result.get() } catch {
                    failure = error
                    throw error
                }
                let before = linesGiven
                linesGiven += piece.lines
                if let error = piece.error(after: before) { failure = error }
                if piece.entries.isEmpty { continue }
                return RosterBatch(entries: piece.entries, linesBefore: before)
            }
            if given == end { return nil }
            condition.wait()
        }
    }

    /// Stops the reading (the importer gave up); the threads end at their next piece.
    public func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// A thread's work: take the next piece in file order, parse it outside the lock, and leave
    /// it for `next()`, never more than `depth` ahead of the importer.
    private func parse() {
        while true {
            condition.lock()
            while !cancelled && end == nil && taken - given >= Self.depth { condition.wait() }
            guard !cancelled, end == nil else {
                condition.unlock()
                return
            }
            let place = taken
            taken += 1
            let work: (@Sendable () -> RosterPiece)?
            do {
                work = try pieces.nextPiece()
            } catch {
                (parsed[place], end) = (.failure(error), place + 1)
                condition.broadcast()
                condition.unlock()
                return
            }
            guard let work else {
                end = place
                condition.broadcast()
                condition.unlock()
                return
            }
            condition.unlock()
            let piece = work()
            condition.lock()
            parsed[place] = .success(piece)
            condition.broadcast()
            condition.unlock()
        }
    }
}

/// A roster read one record at a time (a OneRoster export), as pieces of `batchSize` records
/// read in `nextPiece`: their lines are the file's already.
private final class RecordBatches: RosterPieces {
    private let records: any RosterRecords

    init(_ records: any RosterRecords) { self.records = records }

    func nextPiece() throws -> (@Sendable () -> RosterPiece)? {
        var batch: [RosterEntry] = []
        while batch.count < RosterReadAhead.batchSize, let entry = try records.next() { batch.append(entry) }
        if batch.isEmpty { return nil }
        return { [batch] in RosterPiece(entries: batch, lines: 0) }
    }
}
