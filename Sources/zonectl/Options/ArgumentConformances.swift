import ArgumentParser
import ZoneCore
import ZoneReport

extension FindingsFormat: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}
