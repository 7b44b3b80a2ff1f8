import ArgumentParser
import ZoneCore
import ZoneDiagram
import ZoneReport

extension DiagramFormat: ExpressibleByArgument {}
extension FindingsFormat: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}
