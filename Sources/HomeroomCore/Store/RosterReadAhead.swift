import Foundation

/// A roster file read ahead on a thread of its own: the CSV is parsed and checked, and each row's
/// search words made, while the importer writes the batch read before. At most `depth` batches
/// of `batchSize` records wait, so memory stays flat whatever the file's size. The thread is a
/// plain one, never a cooperative one; it ends with the file, or soon after `cancel()`.
final class RosterReadAhead: @unchecked Sendable {
    /// One record, ready to be written.
    enum Item {
        /// A checked row, the line it starts on, and its name words as a JSON array.
        case row(RosterRow, line: Int, nameWords: String)
        case problem(line: Int, reason: String)
    }

    static let batchSize = 2_000
    static let depth = 4

    /// Used by the thread only.
    private let reader: RosterReader
    // Everything below is guarded by `condition`.
    private let condition = NSCondition()
    private var batches: [[Item]] = []
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false

    init(_ reader: RosterReader) {
        self.reader = reader
        let thread = Thread { [self] in read() }
        thread.name = "homeroom roster reader"
        thread.start()
    }

    /// The next batch, in file order; nil at the end of the file. Rethrows what stopped the reading.
    func next() throws -> [Item]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        if !batches.isEmpty {
            condition.broadcast()
            return batches.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Stops the reading (the importer gave up); the thread ends at its next batch.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    private func read() {
        var batch: [Item] = []
        do {
            while let entry = try reader.next() {
                switch entry {
                case .problem(let line, let reason):
                    batch.append(.problem(line: line, reason: reason))
                case .row(let row, let line):
                    let words = SearchText.nameWords(row.lastName, row.firstName, row.middleName)
                    batch.append(.row(row, line: line, nameWords: AppDatabase.jsonArray(words)))
                }
                if batch.count == Self.batchSize {
                    guard hand(batch) else { return }
                    batch = []
                }
            }
            if !batch.isEmpty { _ = hand(batch) }
            end(nil)
        } catch {
            end(error)
        }
    }

    /// Waits for room and queues `batch`; false when cancelled.
    private func hand(_ batch: [Item]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= Self.depth && !cancelled { condition.wait() }
        if cancelled { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    private func end(_ error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }
}
