/** The service-task job types the platform's workers handle; models may use these and no others. */
export const JobType = {
  ComputeStepDeadline: 'compute-step-deadline',
  RecordCard: 'record-card',
  RecordDeemedApproval: 'record-deemed-approval',
  UsePrintSerial: 'use-print-serial',
  GenerateDocumentNumber: 'generate-document-number',
  NotifyParty: 'notify-party',
  ArchiveCase: 'archive-case',
  CloseCase: 'close-case',
  CheckStockArchives: 'check-stock-archives',
  AllocatePrintSerials: 'allocate-print-serials',
  WithdrawPrintSerials: 'withdraw-print-serials',
  BookPrintSerials: 'book-print-serials',
  CloseRequisition: 'close-requisition',
  NotifyAppointment: 'notify-appointment',
  AcceptComplaint: 'accept-complaint',
  GenerateDueReports: 'generate-due-reports',
  AnswerPackage: 'answer-package',
} as const;
export type JobType = (typeof JobType)[keyof typeof JobType];
export const JOB_TYPES: readonly string[] = Object.values(JobType);
