import { Module } from '@nestjs/common';
import { AbroadReportsController } from './abroad-reports.controller';
import { AbroadReportsService } from './abroad-reports.service';
import { ArrivalsController } from './arrivals.controller';
import { ArrivalsService } from './arrivals.service';
import { AutoReturnSweep } from './auto-return';
import { CalendarController } from './calendar.controller';
import { CheckInController } from './check-in.controller';
import { CheckInService } from './check-in.service';
import { ExternalOutcomeController } from './external-outcome.controller';
import { ExternalOutcomeService } from './external-outcome.service';
import { MemberTransfersController } from './member-transfers.controller';
import { RemindersService } from './reminders.service';
import { TransferDecisionService } from './transfer-decision.service';
import { TransferDirectoryService } from './transfer-directory.service';
import { TransferExpiryService } from './transfer-expiry.service';
import { TransferInitiationService } from './transfer-initiation.service';
import { JobsController } from './transfer-jobs.controller';
import { TransferReadingService } from './transfer-reading.service';
import { TransfersController } from './transfers.controller';

const SERVICES = [
  TransferReadingService,
  TransferDirectoryService,
  TransferInitiationService,
  TransferDecisionService,
  TransferExpiryService,
  RemindersService,
  CheckInService,
  AbroadReportsService,
  ArrivalsService,
  ExternalOutcomeService,
];

/** The transfer workflow (§5) and what follows and surrounds the online review: check-in, abroad reports, Beijing/Guangdong/Fujian (Q17), the season calendar. */
@Module({
  // Routes are registered in this order.
  controllers: [
    CheckInController,
    AbroadReportsController,
    ArrivalsController,
    ExternalOutcomeController,
    CalendarController,
    MemberTransfersController,
    TransfersController,
    JobsController,
  ],
  providers: [...SERVICES, AutoReturnSweep],
  exports: SERVICES,
})
export class TransfersModule {}
