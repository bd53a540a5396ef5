"""The hand-written Pydantic models of the Cortex document (``/work/shared/seeds/003_...``,
sections "Domain Models" and "API Models"), transcribed as written: test data for
``test_models_cortex_document.py``, which compares them with the generated ``generated/cortex/models.py``.

The document defines each section as its own module; here they share one, in the same order.
"""
# ruff: noqa  (transcribed as written: repeated imports, typing.Optional and Dict)
from pydantic import BaseModel, Field
from typing import Optional, Dict, Any, List
from datetime import datetime
from uuid import UUID, uuid4

class UserInfo(BaseModel):
    id: UUID = Field(default_factory=uuid4)
    email: str
    name: Optional[str] = None
    is_active: bool = True
    created_at: datetime
    metadata: Dict[str, Any] = Field(default_factory=dict)

class WorkspaceInfo(BaseModel):
    id: UUID = Field(default_factory=uuid4)
    name: str
    description: Optional[str] = None
    created_at: datetime
    updated_at: datetime
    metadata: Dict[str, Any] = Field(default_factory=dict)

class ConversationInfo(BaseModel):
    id: UUID = Field(default_factory=uuid4)
    workspace_id: UUID
    title: str
    modality: str = "text"
    created_at: datetime
    updated_at: datetime
    last_active_at: datetime
    metadata: Dict[str, Any] = Field(default_factory=dict)

class MessageInfo(BaseModel):
    id: UUID = Field(default_factory=uuid4)
    conversation_id: UUID
    user_id: Optional[UUID] = None
    role: str
    content: str
    created_at: datetime
    metadata: Dict[str, Any] = Field(default_factory=dict)

class Conversation(BaseModel):
    id: UUID = Field(default_factory=uuid4)
    workspace_id: UUID
    title: str
    modality: str = "text"
    created_at: datetime
    updated_at: datetime
    last_active_at: datetime
    metadata: Dict[str, Any] = Field(default_factory=dict)
    messages: List[MessageInfo] = Field(default_factory=list)

class MemoryItemInfo(BaseModel):
    id: UUID = Field(default_factory=uuid4)
    workspace_id: UUID
    item_type: str
    content: Optional[str] = None
    binary_content: Optional[bytes] = None
    content_type: Optional[str] = None
    created_at: datetime
    expires_at: Optional[datetime] = None
    metadata: Dict[str, Any] = Field(default_factory=dict)

class DomainExpertInfo(BaseModel):
    id: UUID = Field(default_factory=uuid4)
    name: str
    endpoint_url: str
    is_active: bool = True
    capabilities: Dict[str, Any] = Field(default_factory=dict)
    created_at: datetime
    updated_at: datetime
    last_connected_at: Optional[datetime] = None
    metadata: Dict[str, Any] = Field(default_factory=dict)

class DomainExpertToolInfo(BaseModel):
    id: UUID = Field(default_factory=uuid4)
    expert_id: UUID
    name: str
    description: Optional[str] = None
    parameters: Dict[str, Any]
    created_at: datetime
    updated_at: datetime
    metadata: Dict[str, Any] = Field(default_factory=dict)
from pydantic import BaseModel, Field
from typing import Optional, Dict, Any, List
from uuid import UUID

class CreateUserRequest(BaseModel):
    email: str
    password: str
    name: Optional[str] = None
    metadata: Dict[str, Any] = Field(default_factory=dict)

class UpdateUserRequest(BaseModel):
    name: Optional[str] = None
    metadata: Optional[Dict[str, Any]] = None

class CreateWorkspaceRequest(BaseModel):
    name: str
    description: Optional[str] = None
    metadata: Dict[str, Any] = Field(default_factory=dict)

class UpdateWorkspaceRequest(BaseModel):
    name: Optional[str] = None
    description: Optional[str] = None
    metadata: Optional[Dict[str, Any]] = None

class CreateConversationRequest(BaseModel):
    title: str
    modality: str = "text"
    metadata: Dict[str, Any] = Field(default_factory=dict)

class UpdateConversationRequest(BaseModel):
    title: Optional[str] = None
    metadata: Optional[Dict[str, Any]] = None

class AddMessageRequest(BaseModel):
    content: str
    role: str = "user"
    metadata: Dict[str, Any] = Field(default_factory=dict)

class CreateMemoryItemRequest(BaseModel):
    item_type: str
    content: Optional[str] = None
    binary_content: Optional[bytes] = None
    content_type: Optional[str] = None
    expires_at: Optional[str] = None
    metadata: Dict[str, Any] = Field(default_factory=dict)

class RegisterDomainExpertRequest(BaseModel):
    name: str
    endpoint_url: str
    auth_token: Optional[str] = None
    capabilities: Dict[str, Any] = Field(default_factory=dict)
    metadata: Dict[str, Any] = Field(default_factory=dict)

class ExecuteToolRequest(BaseModel):
    arguments: Dict[str, Any] = Field(default_factory=dict)
from pydantic import BaseModel, Field
from typing import Optional, Dict, Any, List
from datetime import datetime
from uuid import UUID

class UserResponse(BaseModel):
    id: UUID
    email: str
    name: Optional[str] = None
    is_active: bool
    created_at: datetime
    metadata: Dict[str, Any] = Field(default_factory=dict)

class WorkspaceResponse(BaseModel):
    id: UUID
    name: str
    description: Optional[str] = None
    created_at: datetime
    updated_at: datetime
    metadata: Dict[str, Any] = Field(default_factory=dict)

class MessageResponse(BaseModel):
    id: UUID
    conversation_id: UUID
    user_id: Optional[UUID] = None
    role: str
    content: str
    created_at: datetime
    metadata: Dict[str, Any] = Field(default_factory=dict)

class ConversationSummaryResponse(BaseModel):
    id: UUID
    workspace_id: UUID
    title: str
    modality: str
    created_at: datetime
    updated_at: datetime
    last_active_at: datetime
    message_count: int
    metadata: Dict[str, Any] = Field(default_factory=dict)

class ConversationDetailResponse(BaseModel):
    id: UUID
    workspace_id: UUID
    title: str
    modality: str
    created_at: datetime
    updated_at: datetime
    last_active_at: datetime
    metadata: Dict[str, Any] = Field(default_factory=dict)
    messages: List[MessageResponse] = Field(default_factory=list)

class MemoryItemResponse(BaseModel):
    id: UUID
    workspace_id: UUID
    item_type: str
    content: Optional[str] = None
    content_type: Optional[str] = None
    created_at: datetime
    expires_at: Optional[datetime] = None
    metadata: Dict[str, Any] = Field(default_factory=dict)

class DomainExpertResponse(BaseModel):
    id: UUID
    name: str
    endpoint_url: str
    is_active: bool
    capabilities: Dict[str, Any] = Field(default_factory=dict)
    created_at: datetime
    updated_at: datetime
    last_connected_at: Optional[datetime] = None
    metadata: Dict[str, Any] = Field(default_factory=dict)

class DomainExpertToolResponse(BaseModel):
    id: UUID
    expert_id: UUID
    name: str
    description: Optional[str] = None
    parameters: Dict[str, Any]
    created_at: datetime
    updated_at: datetime
    metadata: Dict[str, Any] = Field(default_factory=dict)

class ToolExecutionResponse(BaseModel):
    expert_name: str
    tool_name: str
    result: Dict[str, Any]
    execution_time: float
    metadata: Dict[str, Any] = Field(default_factory=dict)
