import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal } from '../auth/principal';
import { Roles } from '../auth/roles';
import { parseBody } from '../common/body';
import { DeploymentsService, PARAMETERS_SCHEMA, type NewDeployment } from './deployments.service';

const NEW_DEPLOYMENT_SCHEMA = {
  type: 'object',
  required: ['orgId', 'packId', 'version', 'effectiveFrom'],
  additionalProperties: false,
  properties: {
    orgId: { type: 'string', minLength: 1 },
    packId: { type: 'string', minLength: 1 },
    version: { type: 'string', minLength: 1 },
    effectiveFrom: { type: 'string', description: 'YYYY-MM-DD; periods starting on or after it use this version.' },
    parameters: { type: 'object', description: 'The locality’s own values of the version’s local parameters, each within its range (422 by pointer otherwise).' },
  },
};

@ApiTags('deployments')
@ApiBearerAuth()
@Controller('deployments')
export class DeploymentsController {
  constructor(private readonly deployments: DeploymentsService) {}

  @Get()
  @ApiOperation({ summary: 'Deployments of the subtree: which version each locality uses for a pack, and since when.' })
  @ApiQuery({ name: 'orgId', required: false })
  @ApiQuery({ name: 'packId', required: false })
  list(@CurrentUser() user: Principal, @Query('orgId') orgId?: string, @Query('packId') packId?: string) {
    return this.deployments.list(user, { orgId, packId });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One deployment, with the local parameters of its version (label, unit, default and the province’s range).' })
  get(@CurrentUser() user: Principal, @Param('id') id: string) {
    return this.deployments.view(user, id);
  }

  @Roles('deployer')
  @Patch(':id')
  @ApiOperation({ summary: 'Set the locality’s own values of local parameters (deployment admin; audited with before and after).' })
  @ApiBody({ schema: PARAMETERS_SCHEMA })
  setParameters(@CurrentUser() user: Principal, @Param('id') id: string, @Body() body: unknown) {
    // the body is checked after the deployment is found in the caller's scope: another locality's id is 404 whatever it sends
    return this.deployments.setParameters(user, id, body);
  }

  @Roles('deployer')
  @Post()
  @ApiOperation({ summary: 'Put a published version in force for a locality from a date (deployment admin).' })
  @ApiBody({ schema: NEW_DEPLOYMENT_SCHEMA })
  create(@CurrentUser() user: Principal, @Body() body: unknown) {
    return this.deployments.create(user, parseBody<NewDeployment>(NEW_DEPLOYMENT_SCHEMA, body));
  }

  @Roles('deployer')
  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Withdraw a deployment no period has been evaluated under (deployment admin).' })
  async remove(@CurrentUser() user: Principal, @Param('id') id: string): Promise<void> {
    await this.deployments.remove(user, id);
  }
}
