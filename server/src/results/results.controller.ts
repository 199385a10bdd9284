import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal } from '../auth/principal';
import { ResultsService } from './results.service';

@ApiTags('results')
@ApiBearerAuth()
@Controller('results')
export class ResultsController {
  constructor(private readonly results: ResultsService) {}

  @Get('periods')
  @ApiOperation({ summary: 'Periods of a pack with stored results in the scope (default: your organisation).' })
  @ApiQuery({ name: 'packId', required: true })
  @ApiQuery({ name: 'orgId', required: false })
  periods(@CurrentUser() user: Principal, @Query('packId') packId?: string, @Query('orgId') orgId?: string) {
    return this.results.periods(user, { packId, orgId });
  }

  @Get()
  @ApiOperation({ summary: 'Results of a period across the scope: every subject with its outputs, and each organisation’s summary.' })
  @ApiQuery({ name: 'packId', required: true })
  @ApiQuery({ name: 'period', required: true })
  @ApiQuery({ name: 'orgId', required: false })
  table(@CurrentUser() user: Principal, @Query('packId') packId?: string, @Query('period') period?: string, @Query('orgId') orgId?: string) {
    return this.results.table(user, { packId, period, orgId });
  }

  @Get('ranking')
  @ApiOperation({ summary: 'Ranking table by one numeric output (default score or total), standard competition ranks.' })
  @ApiQuery({ name: 'packId', required: true })
  @ApiQuery({ name: 'period', required: true })
  @ApiQuery({ name: 'orgId', required: false })
  @ApiQuery({ name: 'by', required: false })
  @ApiQuery({ name: 'order', required: false, enum: ['desc', 'asc'] })
  @ApiQuery({ name: 'limit', required: false })
  ranking(
    @CurrentUser() user: Principal,
    @Query('packId') packId?: string,
    @Query('period') period?: string,
    @Query('orgId') orgId?: string,
    @Query('by') by?: string,
    @Query('order') order?: string,
    @Query('limit') limit?: string,
  ) {
    return this.results.ranking(user, { packId, period, orgId, by, order, limit: limit && /^\d+$/.test(limit) ? Number(limit) : undefined });
  }

  @Get('notice')
  @ApiOperation({ summary: 'The 公示 (public notice) list of a period: subjects and outputs, titled for printing.' })
  @ApiQuery({ name: 'packId', required: true })
  @ApiQuery({ name: 'period', required: true })
  @ApiQuery({ name: 'orgId', required: false })
  notice(@CurrentUser() user: Principal, @Query('packId') packId?: string, @Query('period') period?: string, @Query('orgId') orgId?: string) {
    return this.results.notice(user, { packId, period, orgId });
  }
}
