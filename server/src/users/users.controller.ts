import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal } from '../auth/principal';
import { ROLES, Roles } from '../auth/roles';
import { parseBody } from '../common/body';
import { UsersService, type NewUser, type UserChange } from './users.service';

const NEW_USER_SCHEMA = {
  type: 'object',
  required: ['username', 'password', 'roles', 'orgId'],
  additionalProperties: false,
  properties: {
    username: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]*$', maxLength: 60 },
    // strength (length ≥ 10, not a common password, not the username) is checked after the shape: 422 at /password
    password: { type: 'string', minLength: 1, maxLength: 200 },
    roles: { type: 'array', minItems: 1, items: { enum: [...ROLES] } },
    orgId: { type: 'string' },
    displayName: { type: 'string', maxLength: 200 },
  },
};

const USER_CHANGE_SCHEMA = {
  type: 'object',
  minProperties: 1,
  additionalProperties: false,
  properties: {
    roles: NEW_USER_SCHEMA.properties.roles,
    orgId: { type: 'string' },
    displayName: { type: ['string', 'null'], maxLength: 200 },
    password: NEW_USER_SCHEMA.properties.password,
    disabled: { type: 'boolean' },
  },
};

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Users of the subtree (admin).' })
  list(@CurrentUser() user: Principal) {
    return this.users.list(user);
  }

  @Post()
  @ApiOperation({ summary: 'Create a user in an organisation of the subtree (admin).' })
  @ApiBody({ schema: NEW_USER_SCHEMA })
  create(@CurrentUser() user: Principal, @Body() body: unknown) {
    return this.users.create(user, parseBody<NewUser>(NEW_USER_SCHEMA, body));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a user of the subtree: roles, organisation, display name, password, or disable/enable (admin). A disabled user cannot log in and their tokens stop working.' })
  @ApiBody({ schema: USER_CHANGE_SCHEMA })
  update(@CurrentUser() user: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.users.update(user, id, parseBody<UserChange>(USER_CHANGE_SCHEMA, body));
  }
}
