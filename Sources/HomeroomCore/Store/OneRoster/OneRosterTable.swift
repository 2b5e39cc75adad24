import CSV
import Foundation

/// One CSV file of a OneRoster export, streamed row by row with CSV.swift; columns are found by
/// their header names (compared without regard to case), so 1.1's and 1.2's orders both read.
struct OneRosterTable {
    let name: String
    let url: URL

    init(folder: URL, name: String) throws {
        self.name = name
        url = folder.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { throw RosterError(problems: ["\(name) is missing"]) }
    }

    /// One data row: its line in the file and its fields by column name ("" when absent).
    struct Row {
        let line: Int
        let fields: [String]
        let columns: [String: Int]

        /// The field of `column` (as the specification spells it, or in any case), trimmed.
        subscript(_ column: String) -> String {
            guard let index = columns[column] ?? columns[column.lowercased()], index < fields.count else { return "" }
            let field = fields[index]
            guard let first = field.unicodeScalars.first, let last = field.unicodeScalars.last,
                  first == " " || last == " " || first == "\t" || last == "\t" else { return field }
            return field.trimmingCharacters(in: .whitespaces)
        }
    }

    /// Calls `body` with each row; a header without one of `required` is refused by name. The
    /// file is read in blocks of whole records (`RosterBlocks`, as a roster CSV is), each parsed
    /// by CSV.swift, so memory does not grow with the file.
    func rows(required: [String], _ body: (Row) throws -> Void) throws {
        var blocks: RosterBlocks
        do { blocks = try RosterBlocks(path: url.path) } catch let error as RosterError {
            throw RosterError(problems: error.problems.map { "\(name): \($0)" })
        }
        var columns: [String: Int]?
        var line = 0
        while let block = try nextBlock(&blocks, after: line) {
            if let bad = block.invalidLines.first { throw RosterError(problems: ["\(name) line \(line + 1 + bad): \(RosterEncoding.reason)"]) }
            let reader: CSVReader
            do { reader = try CSVReader(string: block.text, hasHeaderRow: false) } catch {
                throw RosterError(problems: ["\(name): not a CSV file that can be read (\(error))"])
            }
            while let fields = reader.next() {
                let start = line + 1
                line = start + RosterFile.newlines(in: fields)
                guard let known = columns else {
                    columns = try header(fields, required: required)
                    continue
                }
                if fields.count == 1 && fields[0].isEmpty { continue }
                try body(Row(line: start, fields: fields, columns: known))
            }
        }
        if columns == nil { throw RosterError(problems: ["\(name) is empty"]) }
    }

    private func header(_ fields: [String], required: [String]) throws -> [String: Int] {
        var columns: [String: Int] = [:]
        for (index, header) in fields.enumerated() {
            let name = header.replacingOccurrences(of: "\u{FEFF}", with: "").trimmingCharacters(in: .whitespaces)
            // Under its own spelling (what the reader asks for) and in lower case (any other).
            for key in [name, name.lowercased()] where columns[key] == nil { columns[key] = index }
        }
        let missing = required.filter { columns[$0.lowercased()] == nil }
        guard missing.isEmpty else { throw RosterError(problems: ["\(name): the header lacks " + missing.joined(separator: ", ")]) }
        return columns
    }

    private func nextBlock(_ blocks: inout RosterBlocks, after line: Int) throws -> RosterBlock? {
        do { return try blocks.next() } catch let tooLong as RosterBlocks.RecordTooLong {
            throw RosterError(problems: ["\(name) line \(line + 1 + tooLong.line): a record that does not end (an unclosed quote?)"])
        }
    }
}
